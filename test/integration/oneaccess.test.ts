import { describe, expect, it } from "vitest";
import {
  MeIdDocument,
  MeOneAccessDocument,
  OneAccessThreeWaysDocument,
  UserOneAccessAndTencentImDocument,
} from "../__generated__/graphql.js";
import { PROFILE_PATH, PUBLIC_KEY_PATH, SERVER_DATE_PATH } from "../../src/providers/one-access/client.js";
import { useStack, withStack, viewerHeaders } from "../support/stack.js";

describe("the viewer and User.oneAccess over real HTTP against the OneAccess emulator", () => {
  const stack = useStack();

  it("me { oneAccess } as u7 with u7's session gives u7's profile", async () => {
    const result = await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u7"));
    expect(result.errors).toBeUndefined();
    expect(result.data?.me).toEqual({
      id: "u7",
      oneAccess: {
        loginName: "user7",
        fullName: "Hana Rossi",
        nickname: "hana7",
        firstName: "Hana",
        middleName: null,
        lastName: "Rossi",
        email: "u7@oneaccess.example.com",
        phone: "+86-13900000007",
        avatarUrl: "https://avatars.example.com/oneaccess/u7.png",
        gender: "UNKNOWN",
        birthday: "1977-08-08",
        birthdayRaw: "1977-08-08",
        extendedAttributes: { department: "D0" },
      },
    });
  });

  it("u3's `unknow` gender and u4's `May 5, 1974` birthday and object extension come out normalised", async () => {
    const u3 = await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u3"));
    expect(u3.data?.me?.oneAccess).toMatchObject({
      gender: "UNKNOWN",
      extendedAttributes: { department: "D3" },
    });
    const u4 = await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u4"));
    expect(u4.data?.me?.oneAccess).toMatchObject({
      gender: "FEMALE",
      birthday: "1974-05-05",
      birthdayRaw: "May 5, 1974",
      avatarUrl: null,
      extendedAttributes: { department: "D4", level: 0 },
    });
  });

  it("me, user(id: viewer) and an alias of it cost one profile call (and one server-date, one public key)", async () => {
    const result = await stack.execute(OneAccessThreeWaysDocument, { id: "u7" }, viewerHeaders("u7"));
    expect(result.errors).toBeUndefined();
    expect(result.data?.me?.oneAccess?.loginName).toBe("user7");
    expect(result.data?.mine?.oneAccess?.email).toBe("u7@oneaccess.example.com");
    expect(result.data?.again?.oneAccess?.fullName).toBe("Hana Rossi");
    expect(stack.oneAccess.stats.get(PROFILE_PATH).calls).toBe(1);
    expect(stack.oneAccess.stats.get(SERVER_DATE_PATH).calls).toBe(1);
  });

  it("caches the application's public key across requests", async () => {
    // The first request fetches the key unless an earlier test in this file already did; later ones never do.
    await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u7"));
    const afterFirst = stack.oneAccess.stats.get(PUBLIC_KEY_PATH).calls;
    expect(afterFirst).toBeLessThanOrEqual(1);
    await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u8"));
    await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u9"));
    expect(stack.oneAccess.stats.get(PUBLIC_KEY_PATH).calls).toBe(afterFirst);
    expect(stack.oneAccess.stats.get(PROFILE_PATH).calls).toBe(3);
  });

  it("an unknown session is UNAUTHENTICATED on oneAccess while tencentIm still answers", async () => {
    const headers = viewerHeaders("u7", { "x-oneaccess-session-token": "not-a-session" });
    const result = await stack.execute(UserOneAccessAndTencentImDocument, { id: "u7" }, headers);
    expect(result.data?.user?.tencentIm?.nickname).toBeTruthy();
    expect(result.data?.user?.oneAccess).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ["user", "oneAccess"],
        extensions: expect.objectContaining({
          code: "UNAUTHENTICATED",
          source: "oneAccess",
          providerCode: "APP.0002",
        }),
      }),
    ]);
    expect(JSON.stringify(result) + stack.logLines.join("\n")).not.toContain("not-a-session");
  });

  it("an expired session is UNAUTHENTICATED too", async () => {
    const headers = viewerHeaders("u1", { "x-oneaccess-session-token": "oneaccess-session-expired" });
    const result = await stack.execute(MeOneAccessDocument, {}, headers);
    expect(result.data?.me).toEqual({ id: "u1", oneAccess: null });
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("another user's oneAccess is FORBIDDEN and makes no call, while their tencentIm answers", async () => {
    const result = await stack.execute(UserOneAccessAndTencentImDocument, { id: "u8" }, viewerHeaders("u7"));
    expect(result.data?.user).toEqual({
      id: "u8",
      oneAccess: null,
      tencentIm: { nickname: expect.any(String) },
    });
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ["user", "oneAccess"],
        extensions: expect.objectContaining({ code: "FORBIDDEN", source: "oneAccess" }),
      }),
    ]);
    expect(stack.oneAccess.stats.get(PROFILE_PATH).calls).toBe(0);
  });

  it("with no x-user-id, me is null with UNAUTHENTICATED, and oneAccess on any user is UNAUTHENTICATED", async () => {
    const { "x-user-id": _viewer, ...anonymous } = viewerHeaders("u7");
    const me = await stack.execute(MeIdDocument, {}, anonymous);
    expect(me.data?.me).toBeNull();
    expect(me.errors).toEqual([
      expect.objectContaining({
        message: "No one is signed in",
        path: ["me"],
        extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }),
      }),
    ]);
    const other = await stack.execute(UserOneAccessAndTencentImDocument, { id: "u7" }, anonymous);
    expect(other.data?.user?.oneAccess).toBeNull();
    expect(other.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("a malformed viewer header is never a viewer", async () => {
    const result = await stack.execute(MeIdDocument, {}, viewerHeaders("u7", { "x-user-id": "u7; drop" }));
    expect(result.data?.me).toBeNull();
    expect(result.errors?.[0]).toMatchObject({
      message: "The viewer header does not hold a valid user id",
      extensions: { code: "UNAUTHENTICATED" },
    });
  });

  it("without the session header: UNAUTHENTICATED naming the header, no call", async () => {
    const { "x-oneaccess-session-token": _session, ...headers } = viewerHeaders("u7");
    const result = await stack.execute(MeOneAccessDocument, {}, headers);
    expect(result.data?.me).toEqual({ id: "u7", oneAccess: null });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "UNAUTHENTICATED",
      source: "oneAccess",
      header: "x-oneaccess-session-token",
    });
    expect(stack.oneAccess.stats.get(PROFILE_PATH).calls).toBe(0);
  });

  it("a session token too long to sign, or with characters that would change the signed text: BAD_USER_INPUT, no call", async () => {
    for (const token of ["t".repeat(129), "abc&timestamp=1&nonce=1", "abc def"]) {
      const result = await stack.execute(
        MeOneAccessDocument,
        {},
        viewerHeaders("u7", { "x-oneaccess-session-token": token }),
      );
      expect(result.data?.me, token).toEqual({ id: "u7", oneAccess: null });
      expect(result.errors?.[0]?.extensions, token).toMatchObject({
        code: "BAD_USER_INPUT",
        source: "oneAccess",
        header: "x-oneaccess-session-token",
      });
    }
    const calls = [SERVER_DATE_PATH, PUBLIC_KEY_PATH, PROFILE_PATH].map(
      (path) => stack.oneAccess.stats.get(path).calls,
    );
    expect(calls).toEqual([0, 0, 0]);
  });

  it("2,400 requests of one viewer, 100 at a time: no replayed signature (APP.0005) reaches the client", async () => {
    const errors: unknown[] = [];
    for (let batch = 0; batch < 24; batch++) {
      const results = await Promise.all(
        Array.from({ length: 100 }, () => stack.execute(MeOneAccessDocument, {}, viewerHeaders("u7"))),
      );
      for (const result of results) errors.push(...(result.errors ?? []));
    }
    expect(errors).toEqual([]);
  }, 60_000);

  it("missing device headers: BAD_USER_INPUT naming them; x-agent falls back to User-Agent", async () => {
    const { "x-device-fingerprint": _fp, "x-agent": _agent, ...headers } = viewerHeaders("u7");
    const missing = await stack.execute(MeOneAccessDocument, {}, { ...headers, "user-agent": "" });
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      missingHeaders: ["x-device-fingerprint", "x-agent"],
    });
    const withUserAgent = await stack.execute(
      MeOneAccessDocument,
      {},
      { ...headers, "x-device-fingerprint": "fp", "user-agent": "Mozilla/5.0" },
    );
    expect(withUserAgent.errors).toBeUndefined();
    expect(withUserAgent.data?.me?.oneAccess?.loginName).toBe("user7");
  });

  it("after a key rotation, the public key is fetched again once and the call succeeds", async () => {
    await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u7"));
    stack.oneAccess.reset();
    stack.oneAccess.rotateKey();
    const result = await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u7"));
    expect(result.errors).toBeUndefined();
    expect(result.data?.me?.oneAccess?.loginName).toBe("user7");
    expect(stack.oneAccess.stats.get(PUBLIC_KEY_PATH).calls).toBe(1);
    expect(stack.oneAccess.stats.get(PROFILE_PATH).calls).toBe(2);
  });
});

describe("OneAccess signature variants", () => {
  it("a tenant that decrypts with MGF1 SHA-256 works when ONEACCESS_OAEP_MGF1_HASH=sha256", async () => {
    await withStack(
      {
        oneAccess: { mgf1Hash: "sha256" },
        sources: { oneAccess: { mgf1Hash: "sha256" } },
      },
      async (stack) => {
        const result = await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u9"));
        expect(result.errors).toBeUndefined();
        expect(result.data?.me?.oneAccess?.loginName).toBe("user9");
      },
    );
  });

  it("a digest the tenant does not use: APP.0001, the key fetched again once, then SOURCE_UNAVAILABLE", async () => {
    await withStack(
      {
        oneAccess: { mgf1Hash: "sha1" },
        sources: { oneAccess: { mgf1Hash: "sha256" } },
      },
      async (stack) => {
        const result = await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u9"));
        expect(result.data?.me?.oneAccess).toBeNull();
        expect(result.errors?.[0]?.extensions).toMatchObject({
          code: "SOURCE_UNAVAILABLE",
          source: "oneAccess",
          providerCode: "APP.0001",
        });
        expect(stack.oneAccess.stats.get(PUBLIC_KEY_PATH).calls).toBe(2);
        expect(stack.oneAccess.stats.get(PROFILE_PATH).calls).toBe(2);
      },
    );
  });
});

describe("OneAccess public key delivery", () => {
  for (const publicKeyFormat of ["base64", "escaped-pem"] as const) {
    it(`works end to end when the key comes as ${publicKeyFormat}`, async () => {
      await withStack({ oneAccess: { publicKeyFormat } }, async (stack) => {
        const result = await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u9"));
        expect(result.errors).toBeUndefined();
        expect(result.data?.me?.oneAccess?.loginName).toBe("user9");
      });
    });
  }
});

describe("OneAccess ISV tenants (X-tenant-id)", () => {
  for (const [how, tenantId] of [
    ["another tenant id", "another-tenant"],
    ["no tenant id", undefined],
  ] as const) {
    it(`a service configured with ${how} is refused by the tenant: SOURCE_UNAVAILABLE, APP.0006`, async () => {
      await withStack({ sources: { oneAccess: { tenantId } } }, async (stack) => {
        const result = await stack.execute(MeOneAccessDocument, {}, viewerHeaders("u9"));
        expect(result.data?.me).toEqual({ id: "u9", oneAccess: null });
        expect(result.errors?.[0]?.extensions).toMatchObject({
          code: "SOURCE_UNAVAILABLE",
          source: "oneAccess",
          providerCode: "APP.0006",
        });
        expect(stack.oneAccess.stats.get(PROFILE_PATH).calls).toBe(0);
      });
    });
  }
});
