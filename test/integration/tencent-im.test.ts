import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import {
  UserTencentImDocument,
  UserTencentImTwiceDocument,
  UsersIdsOnlyDocument,
  UsersTencentImDocument,
} from "../__generated__/graphql.js";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { seedImUsers } from "../../src/sandbox/emulators/tencent-im/seed.js";
import { useStack, withStack, testUserSig } from "../support/stack.js";

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `u${from + i}`);

describe("User.tencentIm over real HTTP against the IM emulator", () => {
  const stack = useStack();

  it("users(ids) with 250 distinct ids plus duplicates makes exactly 3 portrait_get calls, largest 100", async () => {
    const distinct = ids(1, 250);
    const asked = [...distinct, "u1", "u250", "u17", "u17"];
    // With latency on every answer, calls sent one after another could never overlap.
    stack.im.faults.latencyMs = 100;
    const result = await stack.execute(UsersTencentImDocument, { ids: asked });

    expect(result.errors).toBeUndefined();
    expect(result.data?.users.map((user) => user?.id)).toEqual(asked);
    expect(result.data?.users.map((user) => user?.tencentIm?.userId)).toEqual(asked);
    // Each user has their own profile: the emulator answers items in a shuffled order, so a client that matched
    // them by position would give users each other's.
    expect(result.data?.users.map((user) => user?.tencentIm?.signature)).toEqual(
      asked.map((id) => `Hello from ${id}`),
    );
    expect(result.data?.users.map((user) => user?.tencentIm?.avatarUrl)).toEqual(
      asked.map((id) => `https://avatars.example.com/im/${id}.png`),
    );
    expect(stack.im.stats.get(PORTRAIT_GET_PATH)).toMatchObject({ calls: 3, accounts: 250, maxBatch: 100 });
    // The three calls were in flight together, not one after another.
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).maxInFlight).toBe(3);
  });

  it("_entities with 250 representations goes through the same loader: exactly 3 calls", async () => {
    const representations = ids(1, 250).map((id) => ({ __typename: "User", id }));
    const result = await stack.execute<
      { _entities: { id: string; tencentIm: { nickname: string } | null }[] },
      unknown
    >(
      parse(`query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on User { id tencentIm { nickname } } }
      }`),
      { representations },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toHaveLength(250);
    expect(result.data?._entities[41]).toEqual({ id: "u42", tencentIm: { nickname: "Gustavo Kim" } });
    const seeded = seedImUsers(250);
    expect(result.data?._entities.map((entity) => entity.tencentIm?.nickname)).toEqual(
      representations.map(({ id }) => seeded.get(id)?.Tag_Profile_IM_Nick),
    );
    expect(stack.im.stats.get(PORTRAIT_GET_PATH)).toMatchObject({ calls: 3, accounts: 250, maxBatch: 100 });
  });

  it("a representation whose id is not a text is BAD_USER_INPUT, quoting the id as text, and makes no call", async () => {
    const result = await stack.execute<{ _entities: unknown[] }, unknown>(
      parse(`query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on User { id tencentIm { nickname } } }
      }`),
      { representations: [{ __typename: "User", id: 42 }] },
    );
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ["_entities"],
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT", invalidIds: ["42"] }),
      }),
    ]);
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(0);
  });

  it("decodes the seeded profile of one user", async () => {
    const result = await stack.execute(UsersTencentImDocument, { ids: ["u7"] });
    expect(result.errors).toBeUndefined();
    expect(result.data?.users[0]?.tencentIm).toEqual({
      userId: "u7",
      nickname: "Hana Rossi",
      gender: "MALE",
      genderRaw: "Gender_Type_Male",
      birthday: "1967-08-08",
      birthdayRaw: "19670808",
      location: "ID-JK",
      signature: "Hello from u7",
      allowType: "ALLOW_ANY",
      allowTypeRaw: "AllowType_Type_AllowAny",
      languageId: 2,
      avatarUrl: "https://avatars.example.com/im/u7.png",
      messageSettings: 0,
      adminForbidType: "NONE",
      level: 7,
      role: 1,
      customTags: [{ tag: "Test", value: "custom-7" }],
    });
  });

  it("a query that selects no IM field makes no IM call", async () => {
    const result = await stack.execute(UsersIdsOnlyDocument, { ids: ids(1, 50) });
    expect(result.data?.users).toHaveLength(50);
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(0);
  });

  it("the same user selected twice under aliases costs one call for one account", async () => {
    const result = await stack.execute(UserTencentImTwiceDocument, { id: "u9" });
    expect(result.errors).toBeUndefined();
    expect(result.data?.first?.tencentIm?.nickname).toBeTruthy();
    expect(result.data?.second?.tencentIm?.avatarUrl).toBe("https://avatars.example.com/im/u9.png");
    expect(stack.im.stats.get(PORTRAIT_GET_PATH)).toMatchObject({ calls: 1, accounts: 1 });
  });

  it("an id IM does not know gives tencentIm: null without an error", async () => {
    const result = await stack.execute(UserTencentImDocument, { id: "u5000" });
    expect(result.errors).toBeUndefined();
    expect(result.data?.user).toEqual({ id: "u5000", tencentIm: null });
  });

  it("one failed account gives null and one error at its path while the others answer", async () => {
    stack.im.faults.failAccounts = { u2: 40006 };
    const result = await stack.execute(UsersTencentImDocument, { ids: ["u1", "u2", "u3"] });
    expect(result.data?.users.map((user) => user?.tencentIm?.userId ?? null)).toEqual(["u1", null, "u3"]);
    expect(result.data?.users.map((user) => user?.tencentIm?.signature ?? null)).toEqual([
      "Hello from u1",
      null,
      "Hello from u3",
    ]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({
      path: ["users", 1, "tencentIm"],
      extensions: { code: "SOURCE_UNAVAILABLE", source: "tencentIm", providerCode: 40006, retryable: true },
    });
  });

  it("a frequency error (60011) is retried twice with back-off, then SOURCE_RATE_LIMITED: 3 calls", async () => {
    stack.im.faults.callErrorCode = 60011;
    const result = await stack.execute(UserTencentImDocument, { id: "u3" });
    expect(result.data?.user).toEqual({ id: "u3", tencentIm: null });
    expect(result.errors?.[0]).toMatchObject({
      path: ["user", "tencentIm"],
      extensions: { code: "SOURCE_RATE_LIMITED", source: "tencentIm", providerCode: 60011, retryable: true },
    });
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(3);
  });

  it("two frequency errors then an answer: the data, invisibly to the client, after 3 calls", async () => {
    stack.im.faults.nextCallErrors = [60011, 60011];
    const result = await stack.execute(UsersTencentImDocument, { ids: ["u3", "u4"] });
    expect(result.errors).toBeUndefined();
    expect(result.data?.users.map((user) => user?.tencentIm?.signature)).toEqual([
      "Hello from u3",
      "Hello from u4",
    ]);
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(3);
  });

  it("a transient error (40006) on the whole call is retried: the data after 2 calls", async () => {
    stack.im.faults.nextCallErrors = [40006];
    const result = await stack.execute(UserTencentImDocument, { id: "u3" });
    expect(result.errors).toBeUndefined();
    expect(result.data?.user?.tencentIm?.nickname).toBe("Dilnoza Tanaka");
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(2);
  });

  it("a configuration error (70107) is never retried, and is logged at error level", async () => {
    stack.im.faults.callErrorCode = 70107;
    const result = await stack.execute(UserTencentImDocument, { id: "u3" });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "SOURCE_UNAVAILABLE",
      providerCode: 70107,
      retryable: false,
    });
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(1);
    const logged = stack.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: "error",
        message: "tencentIm portrait_get returned an error",
        code: 70107,
        configuration: true,
      }),
    );
  });

  it("a disabled app (60016) is SOURCE_DISABLED, not a rate limit, and not retried", async () => {
    stack.im.faults.callErrorCode = 60016;
    const result = await stack.execute(UserTencentImDocument, { id: "u3" });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "SOURCE_DISABLED",
      source: "tencentIm",
      providerCode: 60016,
    });
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(1);
  });

  it("1001 ids are BAD_USER_INPUT and make no call", async () => {
    const result = await stack.execute(UsersTencentImDocument, { ids: ids(1, 1001) });
    expect(result.data?.users ?? null).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: "At most 1000 ids can be asked for at once; got 1001.",
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT", maxIds: 1000 }),
      }),
    ]);
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(0);
  });

  it("an id that is not 1-32 bytes of [A-Za-z0-9_-] is BAD_USER_INPUT on the field that took it, and makes no call", async () => {
    const message = "A user id is 1 to 32 characters of A-Z, a-z, 0-9, _ and -.";
    for (const bad of ["", "u 1", "ü1", "x".repeat(33), "u1;drop"]) {
      const result = await stack.execute(UsersTencentImDocument, { ids: ["u1", bad] });
      expect(result.data ?? null, JSON.stringify(bad)).toBeNull();
      expect(result.errors, JSON.stringify(bad)).toEqual([
        expect.objectContaining({
          message,
          path: ["users"],
          extensions: expect.objectContaining({ code: "BAD_USER_INPUT", invalidIds: [bad] }),
        }),
      ]);
    }
    const single = await stack.execute(UserTencentImDocument, { id: "x".repeat(33) });
    expect(single.data?.user ?? null).toBeNull();
    expect(single.errors).toEqual([
      expect.objectContaining({
        message,
        path: ["user"],
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT", invalidIds: ["x".repeat(33)] }),
      }),
    ]);
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(0);
  });

  it("quotes at most 10 bad ids of a list, each cut to 64 characters, and a long bad id alone cut the same way", async () => {
    const long = (n: number) => `${n}`.padEnd(100, "!");
    const result = await stack.execute(UsersTencentImDocument, {
      ids: ["u1", ...Array.from({ length: 12 }, (_, i) => long(i))],
    });
    expect(result.errors?.[0]?.extensions?.invalidIds).toEqual(
      Array.from({ length: 10 }, (_, i) => long(i).slice(0, 64)),
    );
    const single = await stack.execute(UserTencentImDocument, { id: long(7) });
    expect(single.errors?.[0]?.extensions?.invalidIds).toEqual([long(7).slice(0, 64)]);
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(0);
  });
});

describe("User.tencentIm when the call itself fails", () => {
  it("a client with the wrong secret key gets an error and no data, and nothing secret is sent or logged", async () => {
    const wrongSecret = "this-is-not-the-secret-key-0123456789";
    await withStack({ sources: { tencentIm: { secretKey: wrongSecret } } }, async (stack) => {
      const result = await stack.execute(UsersTencentImDocument, { ids: ["u1", "u2"] });
      expect(result.data?.users.map((user) => user?.tencentIm ?? null)).toEqual([null, null]);
      expect(result.errors).toHaveLength(2);
      for (const error of result.errors ?? []) {
        expect(error.extensions).toMatchObject({
          code: "SOURCE_UNAVAILABLE",
          source: "tencentIm",
          providerCode: 70009,
        });
      }
      const everything = JSON.stringify(result) + stack.logLines.join("\n");
      expect(everything).not.toContain(wrongSecret);
      expect(everything).not.toMatch(/usersig=|TLS\.sig|sdkappid=/i);
      expect(stack.logLines.some((line) => line.includes('"code":70009'))).toBe(true);
    });
  });

  it("an expired UserSig (70001) is signed anew and the call retried once, invisibly to the client", async () => {
    let invalidations = 0;
    const stale = testUserSig({ expireSeconds: 60, time: Math.floor(Date.now() / 1000) - 3600 });
    const fresh = testUserSig();
    await withStack(
      {
        clientOptions: {
          tencentIm: {
            userSig: {
              current: () => (invalidations === 0 ? stale : fresh),
              invalidate: () => void invalidations++,
            },
          },
        },
      },
      async (stack) => {
        const result = await stack.execute(UserTencentImDocument, { id: "u3" });
        expect(result.errors).toBeUndefined();
        expect(result.data?.user?.tencentIm?.nickname).toBeTruthy();
        expect(invalidations).toBe(1);
        expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(2);
      },
    );
  });

  it("a UserSig that stays expired is retried only once, then reported", async () => {
    const stale = testUserSig({ expireSeconds: 60, time: Math.floor(Date.now() / 1000) - 3600 });
    await withStack(
      { clientOptions: { tencentIm: { userSig: { current: () => stale, invalidate: () => {} } } } },
      async (stack) => {
        const result = await stack.execute(UserTencentImDocument, { id: "u3" });
        expect(result.data?.user?.tencentIm).toBeNull();
        expect(result.errors?.[0]?.extensions).toMatchObject({
          code: "SOURCE_UNAVAILABLE",
          providerCode: 70001,
        });
        expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(2);
      },
    );
  });

  it("an upstream slower than the timeout gives SOURCE_TIMEOUT", async () => {
    await withStack({ sources: { tencentIm: { timeoutMs: 100 } } }, async (stack) => {
      stack.im.faults.latencyMs = 500;
      const result = await stack.execute(UserTencentImDocument, { id: "u3" });
      expect(result.data?.user).toEqual({ id: "u3", tencentIm: null });
      expect(result.errors?.[0]).toMatchObject({
        path: ["user", "tencentIm"],
        extensions: { code: "SOURCE_TIMEOUT", source: "tencentIm", retryable: true },
      });
    });
  });

  it("an unreachable upstream gives SOURCE_UNAVAILABLE without the URL in the message", async () => {
    await withStack({}, async (stack) => {
      await stack.im.close();
      const result = await stack.execute(UserTencentImDocument, { id: "u3" });
      expect(result.data?.user?.tencentIm).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: "SOURCE_UNAVAILABLE",
        source: "tencentIm",
      });
      expect(result.errors?.[0]?.message).not.toMatch(/127\.0\.0\.1|usersig/);
    });
  });

  it("Tencent's frequency limit after the retries gives SOURCE_RATE_LIMITED for the refused batch only", async () => {
    await withStack({ im: { maxCallsPerSecond: 2 } }, async (stack) => {
      const result = await stack.execute(UsersTencentImDocument, { ids: ids(1, 300) });
      const failed = (result.data?.users ?? []).filter((user) => user?.tencentIm === null);
      expect(failed).toHaveLength(100);
      expect(result.errors).toHaveLength(100);
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: "SOURCE_RATE_LIMITED",
        providerCode: 60011,
      });
    });
  });

  it("the client's own limiter keeps calls within the per-app rate, so none is refused", async () => {
    await withStack(
      // Three calls at 2 per second take longer than the default queue wait: allow the wait they need.
      {
        im: { maxCallsPerSecond: 2 },
        sources: { tencentIm: { maxCallsPerSecond: 2, maxQueueWaitMs: 3000 } },
      },
      async (stack) => {
        const result = await stack.execute(UsersTencentImDocument, { ids: ids(1, 300) });
        expect(result.errors).toBeUndefined();
        expect(result.data?.users.every((user) => user?.tencentIm)).toBe(true);
        expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(3);
      },
    );
  });

  it("a deployment without IM credentials answers SOURCE_DISABLED", async () => {
    await withStack({ sources: { tencentIm: null } }, async (stack) => {
      const result = await stack.execute(UserTencentImDocument, { id: "u3" });
      expect(result.data?.user).toEqual({ id: "u3", tencentIm: null });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "SOURCE_DISABLED", source: "tencentIm" });
    });
  });
});

describe("Tencent IM lookups of concurrent requests", () => {
  it("20 concurrent user(id:) requests share portrait_get calls instead of making 20", async () => {
    await withStack({ sources: { tencentIm: { coalesceWindowMs: 25 } } }, async (stack) => {
      const results = await Promise.all(ids(1, 20).map((id) => stack.execute(UserTencentImDocument, { id })));
      expect(results.map((result) => result.data?.user?.id)).toEqual(ids(1, 20));
      expect(results.every((result) => result.data?.user?.tencentIm?.nickname)).toBe(true);
      const stats = stack.im.stats.get(PORTRAIT_GET_PATH);
      expect(stats.accounts).toBe(20);
      // Requests arriving within one 25 ms window share a call; a loaded machine may spread them over a few.
      expect(stats.calls).toBeLessThanOrEqual(5);
    });
  });
});

describe("requests that never reach GraphQL", () => {
  it("a body that is not JSON gets a GraphQL-shaped 400, no stack trace; another path a JSON 404", async () => {
    const { default: axios } = await import("axios");
    await withStack({}, async (stack) => {
      const bad = await axios.post(stack.graphqlUrl, "{bad json", {
        headers: { "content-type": "application/json" },
        validateStatus: () => true,
      });
      expect(bad.status).toBe(400);
      expect(bad.data).toEqual({
        errors: [{ message: "The request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }],
      });
      const missing = await axios.get(stack.graphqlUrl.replace("/graphql", "/nope"), {
        validateStatus: () => true,
      });
      expect(missing.status).toBe(404);
      expect(missing.data.errors[0].message).toMatch(/GraphQL is at \/graphql/);
    });
  });
});

describe("the GraphQL endpoint in a browser", () => {
  it("a browser's GET on /graphql shows the Apollo Sandbox landing page outside production", async () => {
    const { default: axios } = await import("axios");
    await withStack({}, async (stack) => {
      const page = await axios.get(stack.graphqlUrl, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      expect(page.headers["content-type"]).toMatch(/text\/html/);
      expect(page.data).toMatch(/embeddable-sandbox/);
    });
  });
});
