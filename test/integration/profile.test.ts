import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { seedImUsers } from "../../src/sandbox/emulators/tencent-im/seed.js";
import {
  MeEverythingDocument,
  MeProfileDocument,
  UserProfileDocument,
  UserProfileTimezoneDocument,
  UsersProfileAndTencentImDocument,
} from "../__generated__/graphql.js";
import { INQUIRY_USER_INFO_PATH } from "../../src/providers/alipay-plus/client.js";
import { parseProfilePrecedence } from "../../src/profile/fields.js";
import { PROFILE_PATH } from "../../src/providers/one-access/client.js";
import { USER_INFO_PATH } from "../../src/providers/quectel/client.js";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { useStack, withStack, viewerHeaders, type Stack } from "../support/stack.js";

const WALLET = `/api${INQUIRY_USER_INFO_PATH}`;

/** Calls each emulator received, by source. */
function calls(stack: Stack) {
  return {
    tencentIm: stack.im.stats.get(PORTRAIT_GET_PATH).calls,
    quectel: stack.quectel.stats.get(USER_INFO_PATH).calls,
    oneAccess: stack.oneAccess.stats.get(PROFILE_PATH).calls,
    alipayPlus: stack.alipayPlus.stats.get(WALLET).calls,
  };
}

describe("User.profile merged from the four sources", () => {
  const stack = useStack();

  it("for the viewer: every field with its source, identity providers first, one call per source", async () => {
    const result = await stack.execute(MeProfileDocument, {}, viewerHeaders("u3"));
    expect(result.errors).toBeUndefined();
    expect(result.data?.me?.profile).toEqual({
      displayName: { value: "dilnoza3", source: "oneAccess" },
      avatarUrl: { value: "https://avatars.example.com/oneaccess/u3.png", source: "oneAccess" },
      email: { value: "u3@oneaccess.example.com", source: "oneAccess" },
      // OneAccess has no mobile for u3: the wallet's contact number, compacted.
      phone: { value: "+9647700000003", source: "alipayPlus" },
      // OneAccess says `unknow`: the wallet's known gender wins.
      gender: { value: "MALE", source: "alipayPlus" },
      birthday: { value: "1973-04-04", source: "oneAccess" },
      nationality: { value: "SA", source: "alipayPlus" },
      language: { value: "fr-FR", source: "quectel" },
      timezone: { value: "Europe/Paris", source: "quectel" },
      location: { value: "JP-13", source: "tencentIm" },
    });
    expect(calls(stack)).toEqual({ tencentIm: 1, quectel: 1, oneAccess: 1, alipayPlus: 1 });
  });

  it("for another user: only the directories, and no viewer-only call or error", async () => {
    const result = await stack.execute(UserProfileDocument, { id: "u5" }, viewerHeaders("u3"));
    expect(result.errors).toBeUndefined();
    expect(result.data?.user?.profile).toMatchObject({
      displayName: { value: "Farah Haddad", source: "tencentIm" },
      email: { value: "u5@quectel.example.com", source: "quectel" },
      phone: null,
      location: { value: "IN-MH", source: "tencentIm" },
    });
    expect(calls(stack)).toEqual({ tencentIm: 1, quectel: 1, oneAccess: 0, alipayPlus: 0 });
  });

  it("for the viewer without a wallet token: the wallet is left out silently; an expired one is reported", async () => {
    const { "x-alipay-plus-access-token": _token, ...withoutWallet } = viewerHeaders("u3");
    const silent = await stack.execute(MeProfileDocument, {}, withoutWallet);
    expect(silent.errors).toBeUndefined();
    expect(silent.data?.me?.profile.phone).toEqual({ value: "+8613800000003", source: "quectel" });
    expect(silent.data?.me?.profile.nationality).toEqual({ value: "FR", source: "quectel" });
    expect(calls(stack).alipayPlus).toBe(0);

    const expired = await stack.execute(
      MeProfileDocument,
      {},
      viewerHeaders("u3", { "x-alipay-plus-access-token": "alipay-token-expired" }),
    );
    expect(expired.data?.me?.profile.displayName).toEqual({ value: "dilnoza3", source: "oneAccess" });
    expect(expired.errors).toEqual([
      expect.objectContaining({
        path: ["me", "profile"],
        extensions: expect.objectContaining({ code: "UNAUTHENTICATED", source: "alipayPlus" }),
      }),
    ]);
  });

  it("asks only the sources the selected fields need", async () => {
    const result = await stack.execute(UserProfileTimezoneDocument, { id: "u3" }, viewerHeaders("u3"));
    expect(result.data?.user?.profile.timezone).toEqual({ value: "Europe/Paris", source: "quectel" });
    expect(calls(stack)).toEqual({ tencentIm: 0, quectel: 1, oneAccess: 0, alipayPlus: 0 });
  });

  it("profile and tencentIm for 250 users share the loaders: 3 portrait_get calls, and no userInfo call since IM has every nickname", async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `u${i + 1}`);
    const result = await stack.execute(UsersProfileAndTencentImDocument, { ids });
    expect(result.errors).toBeUndefined();
    expect(result.data?.users[9]?.profile.displayName).toEqual({
      value: result.data?.users[9]?.tencentIm?.nickname,
      source: "tencentIm",
    });
    expect(calls(stack)).toMatchObject({ tencentIm: 3, quectel: 0 });
  });

  it("a failing source is skipped: the profile comes from the others, with one error naming the source", async () => {
    stack.im.faults.callErrorCode = 70107;
    const result = await stack.execute(UserProfileDocument, { id: "u5" }, viewerHeaders("u3"));
    expect(result.data?.user?.profile.displayName).toEqual({ value: "Farah Q5", source: "quectel" });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({
      path: ["user", "profile"],
      extensions: { code: "SOURCE_UNAVAILABLE", source: "tencentIm", providerCode: 70107 },
    });
    expect(result.errors?.[0]?.message).toMatch(/^Tencent IM failed, so this profile was merged without it/);
  });

  it("a source's own field says only that source's failure: another failed source is still reported on the profile", async () => {
    stack.im.faults.callErrorCode = 70107;
    stack.quectel.faults.forbiddenUids = ["u9"];
    const result = await stack.execute(
      parse('{ users(ids: ["u9"]) { quectel { nickname } profile { displayName { value } } } }'),
    );
    expect(result.errors?.map((error) => [error.path, error.extensions?.source])).toEqual([
      [["users", 0, "quectel"], "quectel"],
      [["users", 0, "profile"], "tencentIm"],
    ]);
  });

  it("tells every profile's path apart, even where their segments written together would read alike", async () => {
    stack.im.faults.callErrorCode = 70107;
    const eleven = Array.from({ length: 11 }, (_, index) => `"u${index + 1}"`).join(", ");
    // u.10.profile and u1.0.profile: "u10profile" both, run together.
    const result = await stack.execute(
      parse(`{
        u: users(ids: [${eleven}]) { profile { displayName { value } } }
        u1: users(ids: ["u30"]) { profile { displayName { value } } }
      }`),
    );
    expect(result.errors?.map((error) => error.path)).toEqual([
      ...Array.from({ length: 11 }, (_, index) => ["u", index, "profile"]),
      ["u1", 0, "profile"],
    ]);
  });

  it("in lists: one error per profile and failed source, none where that user's own field of the source already said it", async () => {
    stack.im.faults.callErrorCode = 70107;
    const result = await stack.execute(
      parse(`{
        said: users(ids: ["u5", "u6"]) { tencentIm { nickname } profile { displayName { value } } }
        merged: users(ids: ["u7", "u8"]) { profile { displayName { value } avatarUrl { value } } }
      }`),
    );
    expect(result.errors?.map((error) => [error.path, error.extensions?.source])).toEqual([
      [["said", 0, "tencentIm"], "tencentIm"],
      [["said", 1, "tencentIm"], "tencentIm"],
      [["merged", 0, "profile"], "tencentIm"],
      [["merged", 1, "profile"], "tencentIm"],
    ]);
  });
});

describe("PROFILE_PRECEDENCE changes the winner", () => {
  it("displayName=tencentIm,oneAccess makes IM's nickname win for the viewer", async () => {
    const { precedence } = parseProfilePrecedence("displayName=tencentIm,oneAccess");
    await withStack({ config: { profilePrecedence: precedence } }, async (stack) => {
      const result = await stack.execute(MeProfileDocument, {}, viewerHeaders("u3"));
      expect(result.data?.me?.profile.displayName?.source).toBe("tencentIm");
      expect(result.data?.me?.profile.email?.source).toBe("oneAccess");
    });
  });
});

describe("partial results: any one source down, the other three answer", () => {
  const cases = [
    {
      source: "tencentIm",
      how: "emulator stopped",
      break: (stack: Stack) => stack.im.close(),
      extensions: { code: "SOURCE_UNAVAILABLE", source: "tencentIm" },
    },
    {
      source: "quectel",
      how: "timing out",
      options: { sources: { quectel: { timeoutMs: 100 } } },
      break: (stack: Stack) => void (stack.quectel.faults.latencyMs = 1000),
      extensions: { code: "SOURCE_TIMEOUT", source: "quectel" },
    },
    {
      source: "oneAccess",
      how: "answering errors",
      break: (stack: Stack) => void (stack.oneAccess.faults.profileErrorCode = "APP.0500"),
      extensions: { code: "SOURCE_UNAVAILABLE", source: "oneAccess", providerCode: "APP.0500" },
    },
    {
      source: "alipayPlus",
      how: "rate limiting",
      break: (stack: Stack) => void (stack.alipayPlus.faults.trafficLimited = true),
      extensions: {
        code: "SOURCE_RATE_LIMITED",
        source: "alipayPlus",
        providerCode: "REQUEST_TRAFFIC_EXCEED_LIMIT",
      },
    },
  ] as const;

  for (const testCase of cases) {
    it(`${testCase.source} ${testCase.how}: null there, one error at me.${testCase.source}, data elsewhere`, async () => {
      await withStack("options" in testCase ? testCase.options : {}, async (stack) => {
        await testCase.break(stack);
        const result = await stack.execute(MeEverythingDocument, {}, viewerHeaders("u3"));
        const me = result.data?.me;
        expect(me?.[testCase.source]).toBeNull();
        const others = (["tencentIm", "quectel", "oneAccess", "alipayPlus"] as const).filter(
          (source) => source !== testCase.source,
        );
        for (const source of others) expect(me?.[source], source).not.toBeNull();
        expect(me?.profile.displayName).not.toBeNull();
        expect(me?.profile.timezone?.source ?? null).toBe(testCase.source === "quectel" ? null : "quectel");
        expect(result.errors).toHaveLength(1);
        expect(result.errors?.[0]).toMatchObject({
          path: ["me", testCase.source],
          extensions: testCase.extensions,
        });
      });
    });
  }
});

describe("the merged profile asks sources lazily, in precedence order", () => {
  const ids = Array.from({ length: 250 }, (_, i) => `u${i + 1}`);
  const query = "query ($ids: [ID!]!) { users(ids: $ids) { profile { displayName { value source } } } }";

  it("250 users' display names, every one in IM: 3 IM calls and no Quectel call", async () => {
    await withStack({}, async (stack) => {
      const result = await stack.execute(parse(query), { ids });
      expect(result.errors).toBeUndefined();
      const users = (result.data as { users: { profile: { displayName: { source: string } } }[] }).users;
      expect(users.every((user) => user.profile.displayName.source === "tencentIm")).toBe(true);
      expect(calls(stack)).toMatchObject({ tencentIm: 3, quectel: 0 });
    });
  });

  it("with 10 of them without an IM nickname: exactly those 10 go on to Quectel", async () => {
    const users = seedImUsers(250);
    const missing = ["u3", "u17", "u40", "u41", "u99", "u100", "u150", "u201", "u222", "u250"];
    for (const id of missing) delete users.get(id)!.Tag_Profile_IM_Nick;
    await withStack({ im: { users } }, async (stack) => {
      const result = await stack.execute(parse(query), { ids });
      expect(result.errors).toBeUndefined();
      const answered = (result.data as { users: { profile: { displayName: { source: string } } }[] }).users;
      const fromQuectel = ids.filter((_, index) => answered[index]!.profile.displayName.source === "quectel");
      expect(fromQuectel).toEqual(missing);
      expect(calls(stack)).toMatchObject({ tencentIm: 3, quectel: 10 });
    });
  });
});
