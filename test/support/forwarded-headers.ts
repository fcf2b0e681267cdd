/**
 * The client headers a router forwards to this subgraph (the README's Apollo Router and Hive Gateway configs
 * name exactly these). `x-user-id` is not forwarded from the client: the router sets it from the validated token.
 */
export const CLIENT_HEADERS_TO_FORWARD = [
  "x-oneaccess-session-token",
  "x-operating-sys-version",
  "x-device-fingerprint",
  "x-agent",
  "user-agent",
  "x-device-ip",
  "x-l",
  "x-alipay-plus-access-token",
];
