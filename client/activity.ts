import { useEffect } from 'preact/hooks';
import type { Connection } from './connection.js';

/** How long without a key, click or scroll before a person shows as idle. */
export const IDLE_AFTER_MS = 2 * 60_000;

const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/** Keeps this tab's activity in awareness: active, idle after a quiet spell, away while hidden. */
export function useActivity(connection: Connection, idleAfterMs = IDLE_AFTER_MS): void {
  useEffect(() => {
    let timer = 0;
    const update = () => {
      clearTimeout(timer);
      if (document.visibilityState === 'hidden') return connection.setActivity('away');
      connection.setActivity('active');
      timer = window.setTimeout(() => connection.setActivity('idle'), idleAfterMs);
    };
    // Pointer moves come by the hundred: refresh at most once a second.
    let last = 0;
    const onInput = () => {
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      update();
    };
    update();
    for (const type of INPUT_EVENTS) addEventListener(type, onInput, { passive: true, capture: true });
    document.addEventListener('visibilitychange', update);
    return () => {
      clearTimeout(timer);
      for (const type of INPUT_EVENTS) removeEventListener(type, onInput, { capture: true });
      document.removeEventListener('visibilitychange', update);
    };
  }, [connection, idleAfterMs]);
}
