/**
 * What sandbox mode offers a developer who opens the service: the operations Apollo Sandbox opens with (and the
 * start-up banner prints), and the headers that sign in as the sandbox user `u3`. Kept beside the schema so that a
 * test can check the operations against it.
 */
export const SANDBOX_SAMPLE_OPERATIONS = `# Sandbox mode: every source is an emulator with seeded users u1 … u2000.
# Run SandboxUsers for the merged profile (each value with its source) and the two directories;
# run Me as the signed-in user u3 (the headers below) for the viewer-only sources.
query SandboxUsers($ids: [ID!]!) {
  users(ids: $ids) {
    id
    tencentIm { nickname gender birthday avatarUrl customTags { tag value } }
    quectel { nickname email status registeredAt linkedAccounts { wechatUnionId alipayUserId } }
    profile {
      displayName { value source }
      email { value source }
      phone { value source }
      timezone { value source }
    }
  }
}

query Me {
  me {
    id
    oneAccess { loginName fullName email }
    alipayPlus { userId name { fullName } nationality }
    profile { displayName { value source } phone { value source } birthday { value source } }
  }
}
`;

export const SANDBOX_SAMPLE_VARIABLES = { ids: ["u1", "u2", "u3", "u3000"] };

/** Signed in as `u3`, who granted the wallet every scope. In production the router sets x-user-id itself. */
export const SANDBOX_VIEWER_HEADERS: Record<string, string> = {
  "x-user-id": "u3",
  "x-oneaccess-session-token": "oneaccess-session-u3",
  "x-operating-sys-version": "web",
  "x-device-fingerprint": "sandbox",
  "x-alipay-plus-access-token": "alipay-token-u3",
};
