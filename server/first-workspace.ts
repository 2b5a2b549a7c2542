/** The workspace the first start creates from documents/. */
export const FIRST_WORKSPACE = {
  id: 'secure-communities',
  title: 'Secure Communities, 2015 and after',
  description:
    "ICE's 2015 Secure Communities notice, read against the memoranda and executive orders that replaced, reinstated and revoked it.",
} as const;

/** The name the owner's sign-in link is issued to; the account it makes is named after it. */
export const OWNER_NAME = 'Owner';
