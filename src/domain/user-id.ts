/**
 * The one rule for every user id the service accepts: it is also the IM account id rule, the strictest of the
 * four sources, so an id that passes can be sent to any of them.
 */
export const USER_ID = /^[A-Za-z0-9_-]{1,32}$/;
