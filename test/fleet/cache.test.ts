import { afterAll, describe, expect, it, vi } from "vitest";
import { parse } from "graphql";
import { accountDigest } from "../../src/fleet/cache.js";
import { ALIPAY_PLUS_TOKEN_HEADER } from "../../src/providers/alipay-plus/viewer-credential.js";
import { USER_INFO_PATH } from "../../src/providers/quectel/client.js";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { TEST_REDIS_URL, testRedis, uniqueAppId } from "../support/redis.js";
import { TEST_QUECTEL, viewerHeaders, withStack, type Stack, type StackOptions } from "../support/stack.js";

const ids = (count: number) => Array.from({ length: count }, (_, index) => `u${index + 1}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const BOTH = "query ($ids: [ID!]!) { users(ids: $ids) { id tencentIm { nickname } quectel { nickname } } }";

/** A stack whose IM app and Quectel AccessKey are the test's own, so that its cache keys are too. */
function ownAccounts(ttlMs: number, redis: boolean): StackOptions {
  const sdkAppId = uniqueAppId();
  const accessKey = `cache-test-${sdkAppId}`;
  return {
    im: { sdkAppId },
    quectel: { accessKey },
    sources: {
      tencentIm: { sdkAppId, cacheTtlMs: ttlMs },
      quectel: { accessKey, accessSecret: TEST_QUECTEL.accessSecret, cacheTtlMs: ttlMs },
    },
    config: { redisUrl: redis ? TEST_REDIS_URL : null },
  };
}

const calls = (stack: Stack) => ({
  tencentIm: stack.im.stats.get(PORTRAIT_GET_PATH).calls,
  quectel: stack.quectel.stats.get(USER_INFO_PATH).calls,
});

async function ask(stack: Stack, userIds: string[]) {
  const response = await fetch(stack.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: BOTH, variables: { ids: userIds } }),
  });
  return (await response.json()) as {
    data: {
      users: { id: string; tencentIm: { nickname: string } | null; quectel: { nickname: string } | null }[];
    };
    errors?: { extensions: { code: string } }[];
  };
}

describe.each([
  ["in Redis (REDIS_URL set)", true],
  ["in memory (no REDIS_URL)", false],
])("the cross-request answer cache %s", (_label, redis) => {
  it("the same 100 users asked twice within the TTL cost 1 IM call and 100 Quectel calls, not 2 and 200", async () => {
    await withStack(ownAccounts(60_000, redis), async (stack) => {
      const first = await ask(stack, ids(100));
      const second = await ask(stack, ids(100));
      expect(second).toEqual(first);
      expect(first.errors).toBeUndefined();
      expect(first.data.users.filter((user) => user.tencentIm && user.quectel)).toHaveLength(100);
      expect(calls(stack)).toEqual({ tencentIm: 1, quectel: 100 });
    });
  });

  it("after the TTL the sources are asked again; a not-found answer is kept for a tenth of it", async () => {
    await withStack(ownAccounts(1000, redis), async (stack) => {
      await ask(stack, ["u1", "u999999"]);
      await ask(stack, ["u1", "u999999"]);
      expect(calls(stack)).toEqual({ tencentIm: 1, quectel: 2 });
      await sleep(250); // past the not-found TTL (100 ms), within the TTL
      await ask(stack, ["u1", "u999999"]);
      expect(calls(stack)).toEqual({ tencentIm: 2, quectel: 3 });
      expect(stack.im.stats.get(PORTRAIT_GET_PATH).accounts).toBe(3);
      await sleep(1000); // past the TTL
      await ask(stack, ["u1"]);
      expect(calls(stack)).toEqual({ tencentIm: 3, quectel: 4 });
    });
  });

  it("an error is never kept: the next request asks again and gets the data", async () => {
    await withStack(ownAccounts(60_000, redis), async (stack) => {
      stack.im.faults.failAccounts = { u1: 40006 };
      stack.quectel.faults.forbiddenUids = ["u1"];
      const failed = await ask(stack, ["u1"]);
      expect(failed.data.users[0]).toMatchObject({ tencentIm: null, quectel: null });
      stack.im.faults.failAccounts = {};
      stack.quectel.faults.forbiddenUids = [];
      const answered = await ask(stack, ["u1"]);
      expect(answered.errors).toBeUndefined();
      expect(answered.data.users[0]?.tencentIm?.nickname).toBeTruthy();
      expect(answered.data.users[0]?.quectel?.nickname).toBeTruthy();
    });
  });
});

describe("what never enters the shared cache", () => {
  const redis = testRedis();
  // Every command Redis receives while the test runs: what was written, even under a key that has since expired
  // (the IM budget's lives a second past the last call).
  const commands: string[] = [];
  const monitor = testRedis().then(async (client) => {
    await client.monitor((line) => commands.push(line));
    return client;
  });
  afterAll(async () => {
    (await redis).destroy();
    (await monitor).destroy();
  });

  it("a viewer's OneAccess and Alipay+ answers are nowhere in Redis, while IM's and Quectel's are", async () => {
    const options = ownAccounts(60_000, true);
    await monitor;
    await withStack(options, async (stack) => {
      // The stack answers before its Redis connection is up (its budget is then its own): IM lookups of other users
      // until one takes from the shared budget.
      const app = String(options.sources?.tencentIm?.sdkAppId);
      const budgetLine = (line: string) =>
        line.includes(`"profile-subgraph:tencent-im:budget:${app}"`) && !line.includes("[0 lua]");
      let warmUp = 0;
      await vi.waitFor(
        async () => {
          await stack.execute(parse(`{ user(id: "w${warmUp++}") { tencentIm { nickname } } }`));
          expect(commands.some(budgetLine)).toBe(true);
        },
        { timeout: 5000, interval: 100 },
      );
      const headers = viewerHeaders("u3");
      const response = await fetch(stack.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({
          query: `{ me { tencentIm { nickname } quectel { nickname }
            oneAccess { loginName fullName email phone }
            alipayPlus { userId name { fullName } }
            profile { displayName { value source } email { value source } phone { value source } } } }`,
        }),
      });
      const answer = (await response.json()) as {
        data: {
          me: {
            oneAccess: Record<string, unknown>;
            alipayPlus: { userId: string; name: { fullName: string } };
          };
        };
        errors?: unknown;
      };
      expect(answer.errors).toBeUndefined();
      const client = await redis;
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: "profile-subgraph:*", COUNT: 1000 }))
        keys.push(...batch);
      const values = (await Promise.all(keys.map((key) => client.get(key).catch(() => null)))).join("\n");
      const ours = keys.filter((key) => key.includes(String(options.sources?.tencentIm?.sdkAppId)));
      expect(ours.length).toBeGreaterThan(0); // IM's answer for u3 is there
      // Under the app's own name, scoped by app and tag list.
      expect(ours.some((key) => key.startsWith(`profile-subgraph:cache:tencent-im:${app}:`))).toBe(true);
      // The app's call budget, shared by every replica of the app. The command that took from it names the stack's
      // connection ("[db address]"): what that connection sent is what this stack wrote, whatever other test files
      // send at the same time.
      const budgetCall = commands.find(budgetLine)!;
      const connection = /\[\d+ [^\]]+\]/.exec(budgetCall)![0];
      const sentBy = () => commands.filter((line) => line.includes(connection)).join("\n");
      // MONITOR's lines reach its own connection a little after the commands ran: wait for the IM cache's write.
      await vi.waitFor(() =>
        expect(sentBy()).toMatch(new RegExp(`"profile-subgraph:cache:tencent-im:${app}:[^"]*:u3"`)),
      );
      const sent = sentBy();
      // Quectel's under a digest of its tenant and AccessKey: the answer and the fleet's token.
      const account = accountDigest(stack.quectel.url, String(options.sources?.quectel?.accessKey));
      expect(keys).toContain(`profile-subgraph:cache:quectel:${account}:u3`);
      expect(keys).toContain(`profile-subgraph:quectel:token:${account}`);
      // What only the viewer-scoped sources know (names are shared with the other sources' sample users).
      const viewerOnly = [
        answer.data.me.oneAccess.loginName as string,
        answer.data.me.oneAccess.email as string,
        answer.data.me.alipayPlus.userId,
        headers["x-oneaccess-session-token"]!,
        headers[ALIPAY_PLUS_TOKEN_HEADER]!,
      ];
      for (const secret of viewerOnly) {
        expect(values, secret).not.toContain(secret);
        expect(keys.join("\n"), secret).not.toContain(secret);
        expect(sent, secret).not.toContain(secret);
      }
      expect(keys.some((key) => /one-?access|alipay/i.test(key))).toBe(false);
    });
  });
});
