/**
 * Who made a Yjs change. Every write names one, so observers (and the server's
 * persistence) can tell a user's keystroke from a seed or a remote update.
 */
export type Origin = 'local' | 'remote' | 'server' | 'import' | 'seed';
