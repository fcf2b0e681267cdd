import { describe, expect, it } from "vitest";
import {
  UserQuectelThreeTimesDocument,
  UsersQuectelAndTencentImDocument,
  UsersQuectelDocument,
} from "../__generated__/graphql.js";
import { LOGIN_PATH, REFRESH_PATH } from "../../src/providers/quectel/auth.js";
import { USER_INFO_PATH } from "../../src/providers/quectel/client.js";
import { useStack, withStack } from "../support/stack.js";

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `u${from + i}`);

/** A clock both the client and the emulator read, so a test can move time instead of waiting for it. */
function sharedClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
}

describe("User.quectel over real HTTP against the Quectel emulator", () => {
  const stack = useStack();

  it("120 distinct ids plus duplicates: 120 userInfo calls, one login, at most 16 in flight", async () => {
    // Latency keeps each call open long enough for the bound to be reached (and visible).
    stack.quectel.faults.latencyMs = 80;
    const asked = [...ids(1, 120), "u1", "u60", "u60", "u120"];
    const result = await stack.execute(UsersQuectelDocument, { ids: asked });

    expect(result.errors).toBeUndefined();
    expect(result.data?.users.map((user) => user?.quectel?.userId)).toEqual(asked);
    const userInfo = stack.quectel.stats.get(USER_INFO_PATH);
    expect(userInfo.calls).toBe(120);
    expect(userInfo.maxInFlight).toBeLessThanOrEqual(16);
    // Reached, not merely respected (a little slack for a loaded machine's scheduling).
    expect(userInfo.maxInFlight).toBeGreaterThanOrEqual(12);
    // One token for all 120 calls: one login, and no refresh (the token is far from 80% of its lifetime).
    expect(stack.quectel.stats.get(LOGIN_PATH).calls).toBe(1);
    expect(stack.quectel.stats.get(REFRESH_PATH).calls).toBe(0);

    // A second request reuses the process's token.
    await stack.execute(UsersQuectelDocument, { ids: ["u1"] });
    expect(stack.quectel.stats.get(LOGIN_PATH).calls).toBe(1);
    expect(stack.quectel.stats.get(REFRESH_PATH).calls).toBe(0);
    expect(stack.quectel.stats.get(USER_INFO_PATH).calls).toBe(121);
  });

  it("maps the seeded record: nickname, times in seconds and milliseconds alike, status, linked ids", async () => {
    const result = await stack.execute(UsersQuectelDocument, { ids: ["u25", "u50"] });
    const [odd, even] = result.data?.users ?? [];
    expect(odd?.quectel).toMatchObject({
      userId: "u25",
      nickname: "Bo Q25",
      email: "u25@quectel.example.com",
      phone: null,
      status: "DISABLED",
      statusRaw: "0",
      gender: "MALE",
      genderRaw: "1",
      registeredAt: "2021-01-26T00:00:00.000Z",
      lastLoginAt: "2021-01-27T01:00:00.000Z",
      linkedAccounts: { alipayUserId: "2088000000000025", wechatUnionId: null },
    });
    // u50's times are in milliseconds on the wire: the same kind of instant comes out.
    expect(even?.quectel).toMatchObject({
      userId: "u50",
      registeredAt: "2021-02-20T00:00:00.000Z",
      lastLoginAt: "2021-02-22T02:00:00.000Z",
      phone: null,
      linkedAccounts: { wechatUnionId: "wx-union-50" },
    });
  });

  it("selections under aliases and repeated ids cost one call", async () => {
    const result = await stack.execute(UserQuectelThreeTimesDocument, { id: "u7" });
    expect(result.errors).toBeUndefined();
    expect(result.data?.c.map((user) => user?.quectel?.userId)).toEqual(["u7", "u7"]);
    expect(stack.quectel.stats.get(USER_INFO_PATH).calls).toBe(1);
  });

  it("u1500 (unknown to Quectel) gives quectel: null without an error", async () => {
    const result = await stack.execute(UsersQuectelAndTencentImDocument, { ids: ["u1500"] });
    expect(result.errors).toBeUndefined();
    expect(result.data?.users[0]?.quectel).toBeNull();
    expect(result.data?.users[0]?.tencentIm?.nickname).toBeTruthy();
  });

  it("a 5032 from the server: one new login, the call retried, no error to the client", async () => {
    await stack.execute(UsersQuectelDocument, { ids: ["u1"] });
    const loginsBefore = stack.quectel.stats.get(LOGIN_PATH).calls;
    const callsBefore = stack.quectel.stats.get(USER_INFO_PATH).calls;
    stack.quectel.faults.rejectNextTokens = 1;
    const result = await stack.execute(UsersQuectelDocument, { ids: ["u2"] });
    expect(result.errors).toBeUndefined();
    expect(result.data?.users[0]?.quectel?.userId).toBe("u2");
    expect(stack.quectel.stats.get(LOGIN_PATH).calls - loginsBefore).toBe(1);
    expect(stack.quectel.stats.get(USER_INFO_PATH).calls - callsBefore).toBe(2);
    // A refused token is replaced by a new login, never refreshed.
    expect(stack.quectel.stats.get(REFRESH_PATH).calls).toBe(0);
  });

  it("concurrent 5032s share one new login", async () => {
    await stack.execute(UsersQuectelDocument, { ids: ["u1"] });
    stack.quectel.reset();
    stack.quectel.revokeAllTokens();
    const result = await stack.execute(UsersQuectelDocument, { ids: ids(1, 40) });
    expect(result.errors).toBeUndefined();
    expect(stack.quectel.stats.get(LOGIN_PATH).calls).toBe(1);
  });

  it("5041 gives FORBIDDEN for that user only", async () => {
    stack.quectel.faults.forbiddenUids = ["u3"];
    const result = await stack.execute(UsersQuectelDocument, { ids: ["u2", "u3"] });
    expect(result.data?.users.map((user) => user?.quectel?.userId ?? null)).toEqual(["u2", null]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ["users", 1, "quectel"],
        extensions: expect.objectContaining({ code: "FORBIDDEN", source: "quectel", providerCode: 5041 }),
      }),
    ]);
  });
});

describe("Quectel token lifetime", () => {
  it("renews with the refresh token after 80% of expires_in, and logs in again once it has expired", async () => {
    const clock = sharedClock();
    await withStack(
      {
        quectel: { tokenLifetimeSeconds: 100, clock },
        clock,
      },
      async (stack) => {
        await stack.execute(UsersQuectelDocument, { ids: ["u1"] });
        expect(stack.quectel.stats.get(LOGIN_PATH).calls).toBe(1);

        clock.advance(85_000); // past 80%, still valid: refresh
        const refreshed = await stack.execute(UsersQuectelDocument, { ids: ["u2"] });
        expect(refreshed.errors).toBeUndefined();
        expect(stack.quectel.stats.get(REFRESH_PATH).calls).toBe(1);
        expect(stack.quectel.stats.get(LOGIN_PATH).calls).toBe(1);

        clock.advance(200_000); // the refreshed token has expired too: a new login, invisible to the client
        const relogged = await stack.execute(UsersQuectelDocument, { ids: ["u3"] });
        expect(relogged.errors).toBeUndefined();
        expect(relogged.data?.users[0]?.quectel?.userId).toBe("u3");
        expect(stack.quectel.stats.get(LOGIN_PATH).calls).toBe(2);
        expect(stack.quectel.stats.get(REFRESH_PATH).calls).toBe(1);
      },
    );
  });

  it("a token the server considers expired although the client does not (clock skew): re-login, no error", async () => {
    const serverClock = sharedClock();
    await withStack({ quectel: { tokenLifetimeSeconds: 100, clock: serverClock } }, async (stack) => {
      await stack.execute(UsersQuectelDocument, { ids: ["u1"] });
      serverClock.advance(101_000);
      const result = await stack.execute(UsersQuectelDocument, { ids: ["u2"] });
      expect(result.errors).toBeUndefined();
      expect(stack.quectel.stats.get(LOGIN_PATH).calls).toBe(2);
    });
  });
});

describe("User.quectel when the credentials are wrong", () => {
  it("a wrong secret fails quectel (no secret in the error or log) while tencentIm still answers", async () => {
    const wrongSecret = "not-the-quectel-secret-987654321";
    await withStack({ sources: { quectel: { accessSecret: wrongSecret } } }, async (stack) => {
      const result = await stack.execute(UsersQuectelAndTencentImDocument, { ids: ["u1", "u2"] });
      expect(result.data?.users.map((user) => (user?.tencentIm?.nickname ? "im" : null))).toEqual([
        "im",
        "im",
      ]);
      expect(result.data?.users.map((user) => user?.quectel ?? null)).toEqual([null, null]);
      expect(result.errors).toHaveLength(2);
      for (const error of result.errors ?? []) {
        expect(error.extensions).toMatchObject({
          code: "SOURCE_UNAVAILABLE",
          source: "quectel",
          providerCode: 401,
        });
      }
      // The two users shared one failed login.
      expect(stack.quectel.stats.get(LOGIN_PATH).calls).toBe(1);
      expect(stack.quectel.stats.get(USER_INFO_PATH).calls).toBe(0);
      const everything = JSON.stringify(result) + stack.logLines.join("\n");
      expect(everything).not.toContain(wrongSecret);
      expect(everything).not.toMatch(/password=|QJWT /);
    });
  });

  it("a token refused again after the new login gives SOURCE_UNAVAILABLE, never the token", async () => {
    await withStack({}, async (stack) => {
      stack.quectel.faults.rejectNextTokens = 2;
      const result = await stack.execute(UsersQuectelDocument, { ids: ["u1"] });
      expect(result.data?.users[0]?.quectel).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: "SOURCE_UNAVAILABLE",
        source: "quectel",
        providerCode: 5032,
      });
      expect(stack.quectel.stats.get(LOGIN_PATH).calls).toBe(2);
      expect(JSON.stringify(result) + stack.logLines.join("\n")).not.toMatch(/QJWT /);
    });
  });
});
