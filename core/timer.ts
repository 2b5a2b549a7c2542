import type * as Y from 'yjs';
import { z } from 'zod';
import type { Origin } from './origin.js';
import { SeminarError, SeminarId } from './seminar.js';

/*
 * The timer of the item under discussion. It stores when it started and for how long, never a
 * ticking value: every screen counts down from the same instant, and the document changes only
 * when the facilitator starts, pauses, resumes, adds time or stops it.
 */

export const ItemTimer = z.object({
  itemId: SeminarId,
  /** The time allowed, in seconds (at most three hours). */
  seconds: z.number().int().min(1).max(3 * 3600),
  /** When it was (re)started running, ms since the epoch. */
  startedAt: z.number().int().min(0),
  /** While paused: the seconds that were left; null while running. */
  pausedLeft: z.number().min(-3 * 3600).max(3 * 3600).nullable(),
});
export type ItemTimer = z.infer<typeof ItemTimer>;

/** Seconds left (negative once over time) at `now` (ms). */
export function secondsLeft(timer: ItemTimer, now: number): number {
  if (timer.pausedLeft !== null) return timer.pausedLeft;
  return timer.seconds - Math.floor((now - timer.startedAt) / 1000);
}

/** "4:05", "-0:30" for over time. */
export function formatLeft(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  return `${sign}${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Typed access to the one timer, a key of the seminar state map. */
export class Timers {
  constructor(
    private readonly state: Y.Map<unknown>,
    private readonly key: string,
  ) {}

  current(): ItemTimer | null {
    const parsed = ItemTimer.safeParse(this.state.get(this.key));
    return parsed.success ? parsed.data : null;
  }

  start(itemId: string, seconds: number, origin: Origin, now = Date.now()): ItemTimer {
    return this.write({ itemId, seconds, startedAt: now, pausedLeft: null }, origin);
  }

  pause(origin: Origin, now = Date.now()): void {
    const timer = this.current();
    if (timer && timer.pausedLeft === null) this.write({ ...timer, pausedLeft: secondsLeft(timer, now) }, origin);
  }

  resume(origin: Origin, now = Date.now()): void {
    const timer = this.current();
    // Running again from what was left: as if it had started that long before.
    if (timer && timer.pausedLeft !== null) this.write({ ...timer, startedAt: now - (timer.seconds - timer.pausedLeft) * 1000, pausedLeft: null }, origin);
  }

  addSeconds(extra: number, origin: Origin): void {
    const timer = this.current();
    if (!timer) return;
    const seconds = Math.min(timer.seconds + extra, 3 * 3600);
    this.write({ ...timer, seconds, pausedLeft: timer.pausedLeft === null ? null : timer.pausedLeft + (seconds - timer.seconds) }, origin);
  }

  stop(origin: Origin): void {
    if (this.state.has(this.key)) this.state.doc!.transact(() => this.state.delete(this.key), origin);
  }

  private write(value: ItemTimer, origin: Origin): ItemTimer {
    const parsed = ItemTimer.safeParse(value);
    if (!parsed.success) throw new SeminarError('that is not a timer this workspace can keep');
    this.state.doc!.transact(() => this.state.set(this.key, parsed.data), origin);
    return parsed.data;
  }

  observe(listener: () => void): () => void {
    const handler = () => listener();
    this.state.observe(handler);
    return () => this.state.unobserve(handler);
  }
}
