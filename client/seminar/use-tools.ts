import { useEffect, useState } from 'preact/hooks';
import type { Hand, ItemTimer, Poll, PollTally, Speaking } from '../../core/index.js';
import type { WorkspaceSource } from '../connection.js';

/** Reads a value of the Y.Doc and reads it again after every change `observe` reports. */
function useObserved<T>(read: () => T, observe: (listener: () => void) => () => void, deps: unknown[]): T {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const update = () => setValue(read());
    update();
    return observe(update);
  }, deps);
  return value;
}

/** The hands up in a session and who was called on last, kept current. */
export function useHands(source: WorkspaceSource, sessionId: string | null): { queue: Hand[]; speaking: Speaking | null } {
  const hands = source.workspace.hands();
  return useObserved(
    () => (sessionId ? { queue: hands.queue(sessionId), speaking: hands.speaking(sessionId) } : { queue: [], speaking: null }),
    (listener) => source.workspace.hands().observe(listener),
    [source, sessionId],
  );
}

/** The timer, kept current (its changes, not its ticking: see useClock). */
export function useTimer(source: WorkspaceSource): ItemTimer | null {
  return useObserved(() => source.workspace.timer().current(), (listener) => source.workspace.timer().observe(listener), [source]);
}

/** The poll to show in a session (the open one, else the last) with its tally, kept current. */
export function usePoll(source: WorkspaceSource, sessionId: string | null): { poll: Poll; tally: PollTally } | null {
  return useObserved(
    () => {
      const polls = source.workspace.polls();
      const poll = sessionId ? polls.latest(sessionId) : undefined;
      return poll ? { poll, tally: polls.tally(poll.id) } : null;
    },
    (listener) => source.workspace.polls().observe(listener),
    [source, sessionId],
  );
}

/** The time now, once a second while `running`: the timer's display counts down from it. */
export function useClock(running: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}
