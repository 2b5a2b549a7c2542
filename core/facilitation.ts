import { z } from 'zod';

/** A passage the facilitator points everyone at, in text offsets of one document. */
export const Spotlight = z.object({
  documentId: z.string().max(80),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
export type Spotlight = z.infer<typeof Spotlight>;

/**
 * Where the facilitator of a running session is: what followers' views follow. It travels in
 * awareness (never stored); the server passes it on only from the session's facilitator.
 */
export const Facilitation = z.object({
  sessionId: z.string().max(64),
  facilitatorId: z.string().max(200),
  documentId: z.string().max(80).nullable(),
  besideId: z.string().max(80).nullable(),
  /** The block at the top of the facilitator's reader. */
  blockId: z.string().max(80).nullable(),
  spotlight: Spotlight.nullable(),
  /** When it last changed (ms), to pick the latest of a facilitator's tabs. */
  at: z.number(),
});
export type Facilitation = z.infer<typeof Facilitation>;
