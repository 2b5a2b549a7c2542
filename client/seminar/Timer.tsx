import { formatLeft, secondsLeft, type AgendaItem } from '../../core/index.js';
import type { Connection } from '../connection.js';
import { refusalOf } from '../refusal.js';
import { useClock, useTimer } from './use-tools.js';

/** The item's time left, on the strip and the projector; over time it says so. */
export function TimerBadge({ connection, itemId, large = false }: { connection: Connection; itemId: string | null; large?: boolean }) {
  const timer = useTimer(connection);
  const shown = timer && timer.itemId === itemId ? timer : null;
  const now = useClock(shown !== null && shown.pausedLeft === null);
  if (!shown) return null;
  const left = secondsLeft(shown, now);
  const state = left < 0 ? 'over' : shown.pausedLeft !== null ? 'paused' : left <= 60 ? 'ending' : 'running';
  return (
    <span class={large ? 'projector-timer' : 'seminar-timer'} data-state={state} role="timer" aria-label={`Time left for this item: ${formatLeft(left)}${state === 'paused' ? ', paused' : ''}`}>
      <span class="timer-label" aria-hidden="true">Time</span> {formatLeft(left)}
      {state === 'paused' && ' (paused)'}
      {state === 'over' && ' over time'}
    </span>
  );
}

/** The facilitator's controls for the timer of the item under discussion. */
export function TimerControls({ connection, item, onError }: { connection: Connection; item: AgendaItem; onError: (message: string | null) => void }) {
  const timer = useTimer(connection);
  const timers = connection.workspace.timer();
  const mine = timer && timer.itemId === item.id ? timer : null;
  const run = (work: () => void) => onError(refusalOf(work));
  return (
    <div class="seminar-tool timer-controls" role="group" aria-label="Timer for the item under discussion">
      <span class="seminar-tool-label">Timer</span>
      {!mine ? (
        [2, 5, 10].map((minutes) => (
          <button type="button" class="button button-small" key={minutes} onClick={() => run(() => void timers.start(item.id, minutes * 60, 'local'))}>
            {minutes} min
          </button>
        ))
      ) : (
        <>
          <TimerBadge connection={connection} itemId={item.id} />
          {mine.pausedLeft === null ? (
            <button type="button" class="button button-small" onClick={() => run(() => timers.pause('local'))}>
              Pause
            </button>
          ) : (
            <button type="button" class="button button-small" onClick={() => run(() => timers.resume('local'))}>
              Resume
            </button>
          )}
          <button type="button" class="button button-small" onClick={() => run(() => timers.addSeconds(60, 'local'))}>
            +1 min
          </button>
          <button type="button" class="button button-small" onClick={() => run(() => timers.stop('local'))}>
            Stop
          </button>
        </>
      )}
    </div>
  );
}
