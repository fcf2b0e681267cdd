import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FleetStore } from "../../../src/fleet/redis.js";
import type { Logger } from "../../../src/logger.js";
import {
  BUDGET_WINDOW_MS,
  MemoryCallBudget,
  SharedCallBudget,
  callSpacing,
  type CallBudget,
} from "../../../src/providers/tencent-im/budget.js";
import { TEST_REDIS_URL, testRedis, uniqueAppId } from "../../support/redis.js";
import { recordingLogger } from "../../support/doubles.js";

/**
 * The IM call budget, one decision at a time: how N calls per second are spaced, and the same GCRA in memory and
 * on the real Redis (fleet tests measure whole fleets over seconds; these pin each decision).
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("callSpacing", () => {
  it("a burst of one per 50 calls/s, at least 1 and at most 4, and an interval that keeps any window within N", () => {
    expect(callSpacing(10)).toEqual({ burst: 1, intervalMs: BUDGET_WINDOW_MS / 10 });
    expect(callSpacing(49)).toEqual({ burst: 1, intervalMs: BUDGET_WINDOW_MS / 49 });
    expect(callSpacing(100)).toEqual({ burst: 2, intervalMs: BUDGET_WINDOW_MS / 99 });
    expect(callSpacing(200)).toEqual({ burst: 4, intervalMs: BUDGET_WINDOW_MS / 197 });
    expect(callSpacing(1000)).toEqual({ burst: 4, intervalMs: BUDGET_WINDOW_MS / 997 });
  });
});

describe("MemoryCallBudget", () => {
  it("grants a burst back to back after a quiet spell, then one slot per interval", async () => {
    let now = 10_000;
    // 203 calls/s: a burst of 4 and an interval of 1050 / 200 = 5.25 ms, exact in binary.
    const budget = new MemoryCallBudget(203, { now: () => now });
    const interval = 5.25;
    for (let slot = 0; slot < 4; slot++) expect(await budget.take()).toBe(0);
    expect(await budget.take()).toBe(interval);
    now += interval;
    expect(await budget.take()).toBe(0);
    expect(await budget.take()).toBe(interval);
  });

  it("takes the next slot ahead when it comes within the horizon, and nothing when it comes later", async () => {
    let now = 10_000;
    // 10 calls/s: no burst, one slot every 105 ms.
    const budget = new MemoryCallBudget(10, { now: () => now });
    expect(await budget.take(500)).toBe(0);
    // The next slot is 105 ms away: beyond a 100 ms horizon nothing is taken ...
    expect(await budget.take(100)).toBe(105);
    // ... within 500 ms it is taken ahead, and the next one asked for is an interval after it.
    expect(await budget.take(500)).toBe(105);
    expect(await budget.take(500)).toBe(210);
    expect(await budget.take()).toBe(315);
    now += 315;
    expect(await budget.take()).toBe(0);
  });

  it("a pause grants nothing until it ends, then the burst again", async () => {
    let now = 10_000;
    const budget = new MemoryCallBudget(200, { now: () => now });
    await budget.pause(100);
    expect(await budget.take()).toBeCloseTo(100, 6);
    now += 100;
    expect(await budget.take()).toBe(0);
  });
});

describe("SharedCallBudget on the real Redis", () => {
  const stores: FleetStore[] = [];
  const redis = testRedis();
  async function shared(fallback: CallBudget, url = TEST_REDIS_URL, logger: Logger = recordingLogger()) {
    const store = new FleetStore(url, logger);
    stores.push(store);
    if (url === TEST_REDIS_URL) {
      store.start();
      for (let waited = 0; !store.ready && waited < 2000; waited += 20) await sleep(20);
    }
    const key = `profile-subgraph:test:tencent-im:budget:${uniqueAppId()}`;
    return { store, key, budget: new SharedCallBudget(store, key, 200, fallback) };
  }
  const fallback = () => ({ take: vi.fn(async () => 7), pause: vi.fn(async () => {}) });
  beforeAll(async () => {
    await redis;
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.stop()));
    (await redis).destroy();
  });

  it("grants the burst from Redis, then the wait in whole milliseconds, and keeps the state under its key", async () => {
    const local = fallback();
    const { budget, key } = await shared(local);
    const started = performance.now();
    const burst: number[] = [];
    for (let slot = 0; slot < 4; slot++) burst.push(await budget.take());
    expect(burst).toEqual([0, 0, 0, 0]);
    expect(budget.shared).toBe(true);
    // Ten more at once: Redis runs them back to back on its own clock, so however slowly this machine asked, at most
    // a refilled burst (4) is granted and the others are refused with the time to the next slot: one interval
    // (5.33 ms) at most, rounded up to whole milliseconds.
    const queued = await Promise.all(Array.from({ length: 10 }, () => budget.take()));
    const elapsed = performance.now() - started;
    const refused = queued.filter((wait) => wait > 0);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    // The burst is spent: only a slot that came due since (one per interval) can be granted.
    expect(queued.length - refused.length).toBeLessThanOrEqual(Math.floor(elapsed / (1050 / 197)));
    for (const wait of refused) {
      expect(Number.isInteger(wait)).toBe(true);
      expect(wait).toBeLessThanOrEqual(6);
    }
    expect(local.take).not.toHaveBeenCalled();
    const client = await redis;
    expect(Number(await client.get(key))).toBeGreaterThan(Date.now() * 1000 - 60_000_000);
    expect(await client.pTTL(key)).toBeGreaterThan(0);
  });

  it("on Redis too, a slot ahead within the horizon is taken for the asker, in whole milliseconds", async () => {
    const { budget } = await shared(fallback());
    // 200 calls/s: a burst of 4, then a slot every 5.33 ms.
    for (let slot = 0; slot < 4; slot++) expect(await budget.take()).toBe(0);
    const ahead = await Promise.all(Array.from({ length: 5 }, () => budget.take(100)));
    // Five slots, one interval apart, each the asker's: rounded up, never before the slot.
    expect(ahead.every((wait) => Number.isInteger(wait) && wait > 0 && wait <= 100)).toBe(true);
    expect(ahead.at(-1)! - ahead[0]!).toBeGreaterThanOrEqual(Math.floor((4 * 1050) / 197));
    // Nothing within 1 ms now: refused, with the wait to the slot after the five taken.
    const refused = await budget.take(1);
    expect(refused).toBeGreaterThan(1);
    expect(refused).toBeGreaterThanOrEqual(ahead.at(-1)!);
  });

  it("a pause on Redis holds the budget for that long", async () => {
    const { budget } = await shared(fallback());
    await budget.pause(300);
    const wait = await budget.take();
    expect(wait).toBeGreaterThanOrEqual(250);
    expect(wait).toBeLessThanOrEqual(301);
  });

  it("while Redis is not connected, the replica's fallback budget decides, without trying Redis", async () => {
    const local = fallback();
    const logger = recordingLogger();
    // Never started: not connected.
    const { budget } = await shared(local, "redis://127.0.0.1:9", logger);
    expect(await budget.take()).toBe(7);
    expect(budget.shared).toBe(false);
    await budget.pause(50);
    expect(local.pause).toHaveBeenCalledWith(50);
    // A command sent anyway would fail and report the connection lost.
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it("a command Redis refuses hands the decision to the fallback and reports the connection lost", async () => {
    const local = fallback();
    const logger = recordingLogger();
    const { budget, key } = await shared(local, TEST_REDIS_URL, logger);
    // A value the script cannot read as a time: the script fails.
    await (await redis).set(key, "not a time", { PX: 10_000 });
    expect(await budget.take()).toBe(7);
    expect(budget.shared).toBe(false);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});
