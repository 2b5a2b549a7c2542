#!/usr/bin/env node
// Runs the TypeScript CLI in this process through tsx, so there is no separate compile step
// and signals reach the server directly.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
