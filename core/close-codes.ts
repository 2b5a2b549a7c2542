/**
 * WebSocket close codes of the sync endpoint, shared by the server and the client so
 * that the app can tell the person why a connection ended.
 */
export const CloseCode = {
  /** No valid session cookie or bearer token. */
  Unauthorized: 4401,
  /** Signed in, but without access to this workspace. */
  Forbidden: 4403,
  /** No such workspace. */
  NotFound: 4404,
  /** A message larger than the server accepts. */
  MessageTooBig: 4413,
  /** A message that does not decode as the y-websocket protocol. */
  BadMessage: 4400,
  /** An update the writer's role does not allow; nothing of it was applied. */
  Refused: 4409,
  /**
   * More writes than the member's quota: nothing of the update was applied. In the 4500s, which
   * the stock provider treats as "try again later", so the writer reconnects after a pause and
   * offers the change again.
   */
  TooFast: 4529,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
