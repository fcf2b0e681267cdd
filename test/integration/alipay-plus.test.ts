import { describe, expect, it } from "vitest";
import {
  MeAlipayPlusDocument,
  MeAlipayPlusTwiceDocument,
  UserAlipayPlusAndTencentImDocument,
} from "../__generated__/graphql.js";
import { INQUIRY_USER_INFO_PATH } from "../../src/providers/alipay-plus/client.js";
import { testKeyPair } from "../support/key-pairs.js";
import { useStack, withStack, viewerHeaders } from "../support/stack.js";

const INQUIRY = `/api${INQUIRY_USER_INFO_PATH}`;

describe("User.alipayPlus over real HTTP against the wallet emulator", () => {
  const stack = useStack();

  it("me { alipayPlus } as u3 with u3's token gives u3's data", async () => {
    const result = await stack.execute(MeAlipayPlusDocument, {}, viewerHeaders("u3"));
    expect(result.errors).toBeUndefined();
    expect(result.data?.me).toEqual({
      id: "u3",
      alipayPlus: {
        userId: "2160000000000003",
        name: {
          fullName: "Farid Mansour",
          firstName: "Farid",
          secondName: null,
          thirdName: null,
          lastName: "Mansour",
        },
        nameInArabic: { fullName: "فريد" },
        avatarUrl: "https://avatars.example.com/wallet/u3.png",
        gender: "MALE",
        genderRaw: "MALE",
        birthday: "1978-04-04",
        nationality: "SA",
        loginIds: [
          {
            loginId: "+964 770 0000003",
            hashedLoginId: "hash-3",
            maskedLoginId: "+964 770 ****003",
            type: "MOBILE_PHONE",
          },
        ],
        contacts: [{ type: "MOBILE_PHONE", value: "+964 770 0000003" }],
      },
    });
  });

  it("fields whose scope the user did not grant are null (u1 granted USER_ID only)", async () => {
    const result = await stack.execute(MeAlipayPlusDocument, {}, viewerHeaders("u1"));
    expect(result.errors).toBeUndefined();
    expect(result.data?.me?.alipayPlus).toMatchObject({
      userId: "2160000000000001",
      name: null,
      avatarUrl: null,
      gender: null,
      loginIds: null,
      contacts: null,
    });
  });

  it("two aliases cost one call", async () => {
    const result = await stack.execute(MeAlipayPlusTwiceDocument, {}, viewerHeaders("u3"));
    expect(result.errors).toBeUndefined();
    expect(result.data?.first?.alipayPlus?.userId).toBe("2160000000000003");
    expect(result.data?.second?.alipayPlus?.avatarUrl).toBe("https://avatars.example.com/wallet/u3.png");
    expect(stack.alipayPlus.stats.get(INQUIRY).calls).toBe(1);
  });

  it("a response whose signature does not verify is an error, never data", async () => {
    stack.alipayPlus.faults.corruptResponseSignature = true;
    const result = await stack.execute(MeAlipayPlusDocument, {}, viewerHeaders("u3"));
    expect(result.data?.me).toEqual({ id: "u3", alipayPlus: null });
    expect(result.errors?.[0]).toMatchObject({
      path: ["me", "alipayPlus"],
      extensions: { code: "SOURCE_UNAVAILABLE", source: "alipayPlus" },
    });
    expect(result.errors?.[0]?.message).toMatch(/signature does not verify/);
  });

  it("U then S: the data, after exactly one retry", async () => {
    stack.alipayPlus.faults.unknownResults = 1;
    const result = await stack.execute(MeAlipayPlusDocument, {}, viewerHeaders("u3"));
    expect(result.errors).toBeUndefined();
    expect(result.data?.me?.alipayPlus?.userId).toBe("2160000000000003");
    expect(stack.alipayPlus.stats.get(INQUIRY).calls).toBe(2);
  });

  it("U twice: SOURCE_UNAVAILABLE, retryable, after two calls", async () => {
    stack.alipayPlus.faults.unknownResults = 2;
    const result = await stack.execute(MeAlipayPlusDocument, {}, viewerHeaders("u3"));
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "SOURCE_UNAVAILABLE",
      providerCode: "UNKNOWN_EXCEPTION",
      retryable: true,
    });
    expect(stack.alipayPlus.stats.get(INQUIRY).calls).toBe(2);
  });

  it("REQUEST_TRAFFIC_EXCEED_LIMIT is SOURCE_RATE_LIMITED, without a retry", async () => {
    stack.alipayPlus.faults.trafficLimited = true;
    const result = await stack.execute(MeAlipayPlusDocument, {}, viewerHeaders("u3"));
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "SOURCE_RATE_LIMITED",
      providerCode: "REQUEST_TRAFFIC_EXCEED_LIMIT",
    });
    expect(stack.alipayPlus.stats.get(INQUIRY).calls).toBe(1);
  });

  it("an expired token is UNAUTHENTICATED, an unknown one too", async () => {
    for (const token of ["alipay-token-expired", "alipay-token-nobody"]) {
      const headers = viewerHeaders("u3", { "x-alipay-plus-access-token": token });
      const result = await stack.execute(MeAlipayPlusDocument, {}, headers);
      expect(result.data?.me?.alipayPlus).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", source: "alipayPlus" });
    }
  });

  it("a 129-character token or one with @ # ? is BAD_USER_INPUT and makes no call", async () => {
    for (const token of ["t".repeat(129), "abc#def", "a@b", "what?"]) {
      const headers = viewerHeaders("u3", { "x-alipay-plus-access-token": token });
      const result = await stack.execute(MeAlipayPlusDocument, {}, headers);
      expect(result.errors?.[0], token).toMatchObject({
        message: "x-alipay-plus-access-token must be at most 128 characters, without @, # or ?",
        extensions: { code: "BAD_USER_INPUT", source: "alipayPlus", header: "x-alipay-plus-access-token" },
      });
      expect(JSON.stringify(result)).not.toContain(token);
    }
    const accepted = await stack.execute(
      MeAlipayPlusDocument,
      {},
      viewerHeaders("u3", { "x-alipay-plus-access-token": "t".repeat(128) }),
    );
    expect(accepted.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(stack.alipayPlus.stats.get(INQUIRY).calls).toBe(1);
  });

  it("another user's alipayPlus is FORBIDDEN while their tencentIm answers", async () => {
    const result = await stack.execute(UserAlipayPlusAndTencentImDocument, { id: "u4" }, viewerHeaders("u3"));
    expect(result.data?.user?.tencentIm?.nickname).toBeTruthy();
    expect(result.data?.user?.alipayPlus).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", source: "alipayPlus" });
  });
});

describe("Alipay+ request signatures", () => {
  it("a client signing with a key the wallet does not know is refused by the emulator", async () => {
    const stranger = testKeyPair("otherMerchant");
    await withStack({ sources: { alipayPlus: { privateKey: stranger.privateKey } } }, async (stack) => {
      const result = await stack.execute(MeAlipayPlusDocument, {}, viewerHeaders("u3"));
      expect(result.data?.me?.alipayPlus).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: "SOURCE_UNAVAILABLE",
        source: "alipayPlus",
        providerCode: "INVALID_SIGNATURE",
      });
    });
  });

  it("a signature sent without URL-encoding (ALIPAY_PLUS_URL_ENCODE_SIGNATURE=false) is accepted", async () => {
    await withStack({ sources: { alipayPlus: { urlEncodeSignature: false } } }, async (stack) => {
      const result = await stack.execute(MeAlipayPlusDocument, {}, viewerHeaders("u3"));
      expect(result.errors).toBeUndefined();
      expect(result.data?.me?.alipayPlus?.userId).toBe("2160000000000003");
    });
  });

  it("with no path prefix (ALIPAY_PLUS_PATH_PREFIX=/) the path sent and signed is /v1/users/inquiryUserInfo", async () => {
    await withStack(
      {
        alipayPlus: { pathPrefix: "/" },
        sources: { alipayPlus: { pathPrefix: "/" } },
      },
      async (stack) => {
        const result = await stack.execute(MeAlipayPlusDocument, {}, viewerHeaders("u3"));
        expect(result.errors).toBeUndefined();
        expect(stack.alipayPlus.stats.get(INQUIRY_USER_INFO_PATH).calls).toBe(1);
      },
    );
  });

  it("a response signed by another wallet key is refused", async () => {
    const impostor = testKeyPair("otherWallet");
    await withStack({ alipayPlus: { walletPrivateKey: impostor.privateKey } }, async (stack) => {
      const result = await stack.execute(MeAlipayPlusDocument, {}, viewerHeaders("u3"));
      expect(result.data?.me?.alipayPlus).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe("SOURCE_UNAVAILABLE");
    });
  });
});
