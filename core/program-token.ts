import { z } from 'zod';
import { Role } from './role.js';

/** A program's bearer token as owners see it (Members panel, CLI): never its secret, nor the hash it is looked up by. */
export const ProgramToken = z.object({
  /** The first 16 hex digits of the hash: enough to name one token, of no use to sign in. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string(),
  role: Role,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ProgramToken = z.infer<typeof ProgramToken>;
