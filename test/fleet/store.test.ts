import { afterAll, describe, expect, it } from "vitest";
import { RedisAnswerCache } from "../../src/fleet/cache.js";
import { FleetStore } from "../../src/fleet/redis.js";
import { recordingLogger } from "../support/doubles.js";
import { PrivateRedis } from "../support/redis.js";

/**
 * The replica's Redis connection as its users see it: Redis refusing a command is not Redis being away, and what
 * is in Redis is read only when it is what this service wrote. A Redis of the test's own, since it is stopped.
 */
describe("FleetStore and the answer cache on a Redis of their own", () => {
  const stopped: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stopped) await stop();
  });
  const start = async () => {
    const redis = await PrivateRedis.start();
    const logger = recordingLogger();
    const fleet = new FleetStore(redis.url, logger);
    stopped.push(
      () => fleet.stop(),
      () => redis.stop(),
    );
    fleet.start();
    for (let waited = 0; !fleet.ready && waited < 2000; waited += 10) await sleep(10);
    return { redis, fleet, logger, cache: new RedisAnswerCache(fleet) };
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("an entry that is not JSON is a miss, and the entries around it are still read", async () => {
    const { fleet, logger, cache } = await start();
    await fleet.client.set("profile-subgraph:cache:test:bad", "{ not json");
    await cache.setMany([{ key: "profile-subgraph:cache:test:good", value: { nick: "n" }, ttlMs: 60_000 }]);
    const found = await cache.getMany([
      "profile-subgraph:cache:test:bad",
      "profile-subgraph:cache:test:good",
    ]);
    expect([...found]).toEqual([["profile-subgraph:cache:test:good", { nick: "n" }]]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it("a refused write is logged once as a refusal; Redis going away afterwards is still logged, once", async () => {
    const { redis, fleet, logger, cache } = await start();
    await fleet.client.configSet({ maxmemory: "1", "maxmemory-policy": "noeviction" });
    const entry = { key: "profile-subgraph:cache:test:u1", value: { nick: "n" }, ttlMs: 60_000 };
    await cache.setMany([entry]);
    await cache.setMany([entry]);
    expect(logger.warn.mock.calls).toEqual([
      [
        "redis refused a command: this replica uses its local budget, token or cache for it",
        { error: expect.stringMatching(/^OOM /) },
      ],
    ]);
    expect(fleet.ready).toBe(true);

    await redis.stop();
    for (let waited = 0; logger.warn.mock.calls.length < 2 && waited < 2000; waited += 10) await sleep(10);
    await cache.getMany([entry.key]);
    expect(logger.warn.mock.calls.slice(1)).toEqual([
      [
        "redis is unreachable: each replica falls back to its local budget, token and no cache",
        { error: expect.any(String) },
      ],
    ]);
  });
});
