import { z } from 'zod';

/** Roles per workspace, from most to least powerful. Enforcement arrives with the accounts issue. */
export const Role = z.enum(['owner', 'editor', 'annotator', 'viewer']);
export type Role = z.infer<typeof Role>;
