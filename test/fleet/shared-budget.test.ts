import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetStore } from "../../src/fleet/redis.js";
import { silentLogger } from "../../src/logger.js";
import { MemoryCallBudget, SharedCallBudget } from "../../src/providers/tencent-im/budget.js";
import { TEST_REDIS_URL, freePort, uniqueAppId } from "../support/redis.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A replica's budget: its own Redis connection, the fleet's key, a local fallback. */
async function replica(url: string, key: string, callsPerSecond: number, fallbackPerSecond = 5) {
  const store = new FleetStore(url, silentLogger);
  store.start();
  for (let waited = 0; !store.ready && waited < 2000; waited += 20) await sleep(20);
  const budget = new SharedCallBudget(store, key, callsPerSecond, new MemoryCallBudget(fallbackPerSecond));
  return { store, budget };
}

/** Takes slots as fast as they are granted for `ms`, and returns when each was granted. */
async function spend(budget: SharedCallBudget, ms: number): Promise<number[]> {
  const granted: number[] = [];
  const stopAt = Date.now() + ms;
  while (Date.now() < stopAt) {
    const wait = await budget.take();
    if (wait === 0) granted.push(Date.now());
    else await sleep(Math.min(wait, stopAt - Date.now()));
  }
  return granted;
}

const mostInAnySecond = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + 1000) end++;
    most = Math.max(most, end - start);
  }
  return most;
};

describe("SharedCallBudget on a real Redis", () => {
  const key = `profile-subgraph:test:tencent-im:budget:${uniqueAppId()}`;
  let replicas: Awaited<ReturnType<typeof replica>>[];
  beforeAll(async () => {
    replicas = await Promise.all([1, 2, 3].map(() => replica(TEST_REDIS_URL, key, 20)));
  });
  afterAll(() => Promise.all(replicas.map(({ store }) => store.stop())));

  it("three replicas together get at most 20 slots in any second, spread evenly, and use nearly all of them", async () => {
    const granted = (await Promise.all(replicas.map(({ budget }) => spend(budget, 2500)))).flat();
    expect(replicas.every(({ budget }) => budget.shared)).toBe(true);
    expect(mostInAnySecond(granted)).toBeLessThanOrEqual(20);
    // 2.5 s at 20/s, less the 5 % margin: about 48 slots between the three.
    expect(granted.length).toBeGreaterThanOrEqual(40);
    const sorted = granted.sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((at, index) => at - sorted[index]!);
    // Spread, not bunched: apart from a burst of one, no two slots closer than half the interval.
    expect(gaps.filter((gap) => gap < 20).length).toBeLessThanOrEqual(2);
  });

  it("a pause asked by one replica holds every replica", async () => {
    await replicas[0]!.budget.pause(400);
    const wait = await replicas[2]!.budget.take();
    expect(wait).toBeGreaterThanOrEqual(300);
  });
});

describe("SharedCallBudget without Redis", () => {
  it("falls back to the replica's own share while Redis is unreachable", async () => {
    const { store, budget } = await replica(`redis://127.0.0.1:${await freePort()}`, "unused", 20, 2);
    try {
      const granted = await spend(budget, 1200);
      expect(budget.shared).toBe(false);
      // The fallback share is 2 per second: 2 or 3 slots in 1.2 s, never the fleet's 20.
      expect(granted.length).toBeGreaterThanOrEqual(2);
      expect(granted.length).toBeLessThanOrEqual(3);
    } finally {
      await store.stop();
    }
  });
});
