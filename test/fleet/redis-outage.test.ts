import { createClient } from "redis";
import { describe, expect, it } from "vitest";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { closedLoop } from "../../scripts/bench/load.js";
import { PrivateRedis, uniqueAppId } from "../support/redis.js";
import { withStack } from "../support/stack.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Redis lost in the middle of a load run", () => {
  it("fails no request, keeps the replica within its fallback share, and shares again once Redis is back", async () => {
    const redis = await PrivateRedis.start();
    const sdkAppId = uniqueAppId();
    const budgetKey = `profile-subgraph:tencent-im:budget:${sdkAppId}`;
    try {
      await withStack(
        {
          im: { sdkAppId },
          sources: { tencentIm: { sdkAppId, maxCallsPerSecond: 20, fallbackCallsPerSecond: 5 } },
          config: { redisUrl: redis.url },
        },
        async (stack) => {
          const timeline: Record<string, number> = {};
          const checker = createClient({ url: redis.url, socket: { reconnectStrategy: () => 50 } });
          checker.on("error", () => {});
          const outage = (async () => {
            await sleep(1000);
            timeline.lost = Date.now();
            await redis.stop();
            await sleep(2500);
            await redis.start();
            timeline.back = Date.now();
            await checker.connect();
            // The shared budget writes its key on its first take after Redis is back.
            while (Date.now() - timeline.back < 5000 && (await checker.get(budgetKey)) === null)
              await sleep(50);
            timeline.shared = (await checker.exists(budgetKey)) ? Date.now() : Infinity;
          })();
          const load = await closedLoop({
            url: stack.graphqlUrl,
            clients: 20,
            durationMs: 6000,
            query: "query ($id: ID!) { user(id: $id) { tencentIm { userId } } }",
            variables: { id: "c{client}-{sequence}" },
          });
          await outage;
          checker.destroy();

          expect(load.broken).toBe(0);
          expect(load.codes).toEqual({ none: load.requests });
          // While Redis was away the replica kept to its own 5 calls/s (give the loss 300 ms to be noticed).
          const during = stack.im.stats
            .arrivals(PORTRAIT_GET_PATH)
            .filter((at) => at > timeline.lost! + 300 && at < timeline.back!);
          const mostInASecond = Math.max(
            ...during.map((start) => during.filter((at) => at >= start && at < start + 1000).length),
          );
          expect(during.length).toBeGreaterThan(0);
          expect(mostInASecond).toBeLessThanOrEqual(5);
          expect(timeline.shared! - timeline.back!).toBeLessThan(5000);
          expect(stack.logLines.filter((line) => line.includes("redis is unreachable"))).toHaveLength(1);
        },
      );
    } finally {
      await redis.stop();
    }
  }, 30_000);
});
