import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_PATH } from "../../src/providers/quectel/auth.js";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { QuectelEmulator } from "../../src/sandbox/emulators/quectel/emulator.js";
import { TencentImEmulator } from "../../src/sandbox/emulators/tencent-im/emulator.js";
import { closedLoop, percentile } from "../../scripts/bench/load.js";
import { startReplica, type Replica } from "../../scripts/bench/replica.js";
import { TEST_REDIS_URL, uniqueAppId } from "../support/redis.js";
import { TEST_IM, TEST_QUECTEL } from "../support/stack.js";

/**
 * Three replicas of the service as separate processes, with one Redis and one emulator per vendor: what a fleet
 * shares must hold for the fleet, not per replica.
 */
describe("a fleet of three replicas on one Redis", () => {
  const sdkAppId = uniqueAppId();
  const accessKey = `fleet-test-${sdkAppId}`;
  const im = new TencentImEmulator({ ...TEST_IM, sdkAppId, customTags: [...TEST_IM.customTags] });
  const quectel = new QuectelEmulator({ ...TEST_QUECTEL, accessKey });
  const maxQueueWaitMs = 1000;
  let replicas: Replica[] = [];

  beforeAll(async () => {
    const [imUrl, quectelUrl] = await Promise.all([im.listen(0), quectel.listen(0)]);
    const env = {
      SANDBOX: "false",
      LOG_LEVEL: "warn",
      REDIS_URL: TEST_REDIS_URL,
      TENCENT_IM_SDKAPPID: String(sdkAppId),
      TENCENT_IM_SECRET_KEY: TEST_IM.secretKey,
      TENCENT_IM_BASE_URL: imUrl,
      TENCENT_IM_CUSTOM_TAGS: TEST_IM.customTags.join(","),
      TENCENT_IM_MAX_CALLS_PER_SECOND: "20",
      TENCENT_IM_MAX_QUEUE_WAIT_MS: String(maxQueueWaitMs),
      QUECTEL_ACCESS_KEY: accessKey,
      QUECTEL_ACCESS_SECRET: TEST_QUECTEL.accessSecret,
      QUECTEL_BASE_URL: quectelUrl,
    };
    replicas = await Promise.all([1, 2, 3].map(() => startReplica(env)));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await Promise.all([im.close(), quectel.close()]);
  });

  it("cold-started together, 30 concurrent Quectel queries make exactly one AccessKey login", async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, async (_, index) => {
        const response = await fetch(replicas[index % 3]!.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: `{ user(id: "u${index + 1}") { quectel { userId } } }` }),
        });
        return (await response.json()) as {
          data?: { user: { quectel: { userId: string } | null } };
          errors?: unknown;
        };
      }),
    );
    expect(answers.map((answer) => answer.errors)).toEqual(answers.map(() => undefined));
    expect(answers.map((answer) => answer.data?.user.quectel?.userId)).toEqual(
      Array.from({ length: 30 }, (_, index) => `u${index + 1}`),
    );
    expect(quectel.stats.get(LOGIN_PATH).calls).toBe(1);
  });

  it("150 one-user clients over the replicas: every one answered, at most 21 IM calls in any second, full calls, bounded waits", async () => {
    im.stats.reset();
    const started = Date.now();
    const load = await closedLoop({
      url: replicas.map((replica) => replica.url),
      clients: 150,
      durationMs: 5000,
      query: "query ($id: ID!) { user(id: $id) { tencentIm { userId } } }",
      variables: { id: "c{client}-{sequence}" },
    });
    const stats = im.stats.get(PORTRAIT_GET_PATH);
    expect(load.broken).toBe(0);
    // Data for every request: each replica takes its slots ahead in turn, so none loses the race for slots until
    // its lookups run out of time (20 calls a second of up to 100 accounts carry twice this load).
    expect(load.codes).toEqual({ none: load.requests });
    expect(im.stats.maxCallsInWindow(PORTRAIT_GET_PATH, 1000, started + 1000)).toBeLessThanOrEqual(21);
    expect(stats.accounts / stats.calls).toBeGreaterThanOrEqual(30);
    // No request waited past its bound (the queue's wait, plus the call and the HTTP hops on a busy machine).
    expect(percentile(load.latencies, 100)).toBeLessThan(maxQueueWaitMs + 500);
  }, 30_000);
});
