/** Sandbox users the page lists: four known to the emulators, and one (`u3000`) no source knows. */
export const SANDBOX_USER_IDS = ["u1", "u2", "u3", "u4", "u3000"];

/** Sandbox users the viewer can sign in as (`u3`, `u6`, … granted every wallet scope; the others fewer). */
export const SANDBOX_VIEWERS = ["u1", "u2", "u3", "u4", "u5", "u6"];

/**
 * The headers a client signed in as `userId` sends in sandbox mode. In production the router sets `x-user-id`
 * from the validated token, and the client sends only its own OneAccess session, device and wallet token.
 */
export function sandboxViewerHeaders(userId: string): Record<string, string> {
  return {
    "x-user-id": userId,
    "x-oneaccess-session-token": `oneaccess-session-${userId}`,
    "x-operating-sys-version": "web",
    "x-device-fingerprint": "sandbox",
    "x-alipay-plus-access-token": `alipay-token-${userId}`,
  };
}
