import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ErrorCode } from "../../../src/errors.js";
import { PortraitBatcher, type PortraitBatcherOptions } from "../../../src/providers/tencent-im/batcher.js";
import { BUDGET_WINDOW_MS, MemoryCallBudget } from "../../../src/providers/tencent-im/budget.js";
import type { AccountOutcome, PortraitAnswer } from "../../../src/providers/tencent-im/client.js";
import { tencentImError } from "../../../src/providers/tencent-im/error-codes.js";
import { recordingLogger } from "../../support/doubles.js";

/**
 * The batcher over a scripted portrait_get, on fake time: every call's accounts and departure time are recorded,
 * and each call answers (by default) with a profile for every account.
 */
function scripted(options: Partial<PortraitBatcherOptions> & { callsPerSecond?: number } = {}) {
  const calls: { at: number; accounts: string[] }[] = [];
  let answer = (accounts: readonly string[]): Promise<PortraitAnswer> | PortraitAnswer => answered(accounts);
  const clock = { now: () => Date.now() };
  const budget = new MemoryCallBudget(options.callsPerSecond ?? 200, clock);
  const batcher = new PortraitBatcher(
    {
      async portraitGet(accounts) {
        calls.push({ at: Date.now(), accounts: [...accounts] });
        return answer(accounts);
      },
    },
    {
      budget,
      coalesceWindowMs: 0,
      maxQueueWaitMs: 1000,
      maxPending: 20_000,
      maxInFlight: 64,
      retryDelayMs: 100,
      clock,
      ...options,
    },
  );
  return {
    batcher,
    budget,
    calls,
    answerWith(next: typeof answer) {
      answer = next;
    },
  };
}

const found = (account: string): AccountOutcome => ({
  status: "found",
  items: [{ Tag: "Tag_Profile_IM_Nick", Value: `nick-${account}` }],
});
/** portrait_get's answer with a profile for every account. */
const answered = (accounts: readonly string[], slowDown = false): PortraitAnswer => ({
  status: "answered",
  outcomes: new Map(accounts.map((account) => [account, found(account)])),
  slowDown,
});
/** portrait_get refusing its first `times` calls (for `reason`, with Tencent's `code`), then answering them all. */
const refusingFirst = (times: number, reason: "transient" | "rate-limited", code: number) => {
  let left = times;
  return (accounts: readonly string[]): PortraitAnswer =>
    left-- > 0 ? { status: "retry", reason, error: tencentImError(code) } : answered(accounts);
};
const nick = (outcome: AccountOutcome | undefined) =>
  outcome?.status === "found" ? outcome.items[0]?.Value : outcome?.status;
const codeOf = (outcome: AccountOutcome | undefined) =>
  outcome?.status === "failed" ? outcome.error.extensions.code : outcome?.status;

describe("PortraitBatcher: budget-driven batching", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a lone lookup leaves at once when the budget is free", async () => {
    const { batcher, calls } = scripted({ callsPerSecond: 10 });
    const start = Date.now();
    const result = batcher.lookup(["u1"]);
    // Without a coalescing window, no timer: the call leaves once this turn's I/O callbacks have run.
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([{ at: start, accounts: ["u1"] }]);
    expect(nick((await result).get("u1"))).toBe("nick-u1");
  });

  it("lookups made in one turn of the event loop leave in one call, even with budget for one call each", async () => {
    vi.useRealTimers();
    const { batcher, calls } = scripted({ callsPerSecond: 1000 });
    // Three requests read in the same turn (three callbacks of one phase of the event loop, here three immediates
    // queued together: timers set one after another can fall due a millisecond apart on a loaded machine), each
    // finishing its own microtasks before the next callback runs.
    const results = await new Promise<Promise<Map<string, AccountOutcome>>[]>((resolve) => {
      const started: Promise<Map<string, AccountOutcome>>[] = [];
      for (const account of ["u1", "u2", "u3"]) {
        setImmediate(() => {
          started.push(batcher.lookup([account]));
          if (started.length === 3) resolve(started);
        });
      }
    });
    const answers = await Promise.all(results);
    expect(answers.map((answer, index) => nick(answer.get(`u${index + 1}`)))).toEqual([
      "nick-u1",
      "nick-u2",
      "nick-u3",
    ]);
    expect(calls.map((call) => call.accounts)).toEqual([["u1", "u2", "u3"]]);
  });

  it("under a scarce budget one call carries the pending accounts of many requests", async () => {
    const { batcher, calls } = scripted({ callsPerSecond: 10 });
    const results: Promise<Map<string, AccountOutcome>>[] = [];
    // 60 requests of one user each, 5 ms apart: the first leaves at once, the rest gather for the next slots.
    for (let index = 1; index <= 60; index++) {
      results.push(batcher.lookup([`u${index}`]));
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.advanceTimersByTimeAsync(1000);
    const answers = await Promise.all(results);
    expect(answers.map((answer, index) => nick(answer.get(`u${index + 1}`)))).toEqual(
      Array.from({ length: 60 }, (_, index) => `nick-u${index + 1}`),
    );
    expect(calls.length).toBeLessThanOrEqual(5);
    expect(Math.max(...calls.map((call) => call.accounts.length))).toBeGreaterThanOrEqual(20);
    expect(calls.flatMap((call) => call.accounts).sort()).toHaveLength(60);
  });

  it("spreads calls evenly: never two closer than the interval, never more than N in any second", async () => {
    const { batcher, calls } = scripted({ callsPerSecond: 10, maxQueueWaitMs: 10_000 });
    // A steady flood: a new request every 10 ms for 3 seconds.
    const pending: Promise<unknown>[] = [];
    for (let index = 0; index < 300; index++) {
      pending.push(batcher.lookup([`u${index}`]));
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(pending);
    const times = calls.map((call) => call.at);
    const gaps = times.slice(1).map((at, index) => at - times[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(Math.floor(BUDGET_WINDOW_MS / 10));
    for (const start of times) {
      expect(times.filter((at) => at >= start && at < start + 1000).length).toBeLessThanOrEqual(10);
    }
  });

  it("a lookup that cannot get a call within the wait bound fails SOURCE_RATE_LIMITED without a call", async () => {
    const { batcher, calls } = scripted({ callsPerSecond: 1, maxQueueWaitMs: 1000 });
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(10);
    const second = batcher.lookup(["u2"]); // the next slot is ~1020 ms after the first: past its bound
    await vi.advanceTimersByTimeAsync(1009);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    const refused = (await second).get("u2");
    expect(codeOf(refused)).toBe(ErrorCode.SOURCE_RATE_LIMITED);
    expect(refused?.status === "failed" && refused.error.extensions.retryable).toBe(true);
    expect(nick((await first).get("u1"))).toBe("nick-u1");
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls.map((call) => call.accounts)).toEqual([["u1"]]);
  });

  it("a full queue refuses new lookups at once, and takes them again once it drains", async () => {
    const { batcher, calls, budget } = scripted({ callsPerSecond: 10, maxPending: 5, maxQueueWaitMs: 5000 });
    await budget.pause(500);
    const waiting = batcher.lookup(["u1", "u2", "u3", "u4", "u5"]);
    const refused = await batcher.lookup(["u6", "u7"]);
    expect([...refused.values()].map(codeOf)).toEqual([
      ErrorCode.SOURCE_RATE_LIMITED,
      ErrorCode.SOURCE_RATE_LIMITED,
    ]);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(600);
    expect([...(await waiting).values()].map(nick)).toEqual([
      "nick-u1",
      "nick-u2",
      "nick-u3",
      "nick-u4",
      "nick-u5",
    ]);
    const later = batcher.lookup(["u6"]);
    await vi.advanceTimersByTimeAsync(200);
    expect(nick((await later).get("u6"))).toBe("nick-u6");
  });

  it("an account asked by several requests at once is sent once and answers them all", async () => {
    const { batcher, calls, budget } = scripted();
    await budget.pause(50);
    const answers = Promise.all([batcher.lookup(["u1", "u2"]), batcher.lookup(["u2", "u3"])]);
    await vi.advanceTimersByTimeAsync(100);
    const [a, b] = await answers;
    expect(calls.map((call) => call.accounts)).toEqual([["u1", "u2", "u3"]]);
    expect([nick(a.get("u2")), nick(b.get("u2"))]).toEqual(["nick-u2", "nick-u2"]);
  });

  it("Tencent's rate-limit code pauses the whole budget, and the refused call is sent again after it", async () => {
    const { batcher, calls, answerWith } = scripted({ callsPerSecond: 200 });
    answerWith(refusingFirst(1, "rate-limited", 60011));
    const refusedAt = Date.now();
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(1);
    const other = batcher.lookup(["u2"]); // another request: it waits for the pause too
    await vi.advanceTimersByTimeAsync(300);
    expect(nick((await first).get("u1"))).toBe("nick-u1");
    expect(nick((await other).get("u2"))).toBe("nick-u2");
    // Without the pause the budget (200/s) would have sent the retry and u2 within a few milliseconds.
    expect(calls[1]!.at - refusedAt).toBeGreaterThanOrEqual(100);
    expect(
      calls
        .slice(1)
        .flatMap((call) => call.accounts)
        .sort(),
    ).toEqual(["u1", "u2"]);
  });

  it("refused calls are sent again at most twice, then the accounts fail with Tencent's code", async () => {
    const { batcher, calls, answerWith } = scripted({ maxQueueWaitMs: 5000 });
    answerWith(() => ({ status: "retry", reason: "rate-limited", error: tencentImError(60011) }));
    const result = batcher.lookup(["u1", "u2"]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toHaveLength(3);
    const outcome = (await result).get("u1");
    expect(outcome?.status === "failed" && outcome.error.extensions.providerCode).toBe(60011);
  });

  it("retries stay within the caller's wait: a retry that cannot leave in time fails the lookup instead", async () => {
    const { batcher, calls, answerWith } = scripted({ maxQueueWaitMs: 150, retryDelayMs: 100 });
    answerWith(() => ({ status: "retry", reason: "rate-limited", error: tencentImError(60011) }));
    const result = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(1000);
    // The first retry leaves after the 100 ms pause; the second would need 200 ms more, past the 150 ms bound.
    expect(calls).toHaveLength(2);
    expect(codeOf((await result).get("u1"))).toBe(ErrorCode.SOURCE_RATE_LIMITED);
  });

  it("a call in flight is not expired by the queue bound: it answers when it answers", async () => {
    const { batcher, answerWith } = scripted({ maxQueueWaitMs: 100 });
    answerWith((accounts) => new Promise((resolve) => setTimeout(() => resolve(answered(accounts)), 500)));
    const result = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(600);
    expect(nick((await result).get("u1"))).toBe("nick-u1");
  });

  it("never has more calls in flight than its cap", async () => {
    let inFlight = 0;
    let most = 0;
    const { batcher, answerWith } = scripted({ maxInFlight: 2, maxQueueWaitMs: 10_000 });
    answerWith(async (accounts) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 100));
      inFlight--;
      return answered(accounts);
    });
    const result = batcher.lookup(Array.from({ length: 500 }, (_, index) => `u${index}`));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await result).size).toBe(500);
    expect(most).toBe(2);
  });
});

describe("PortraitBatcher: what it reports, refuses and sends again", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const messageOf = (outcome: AccountOutcome | undefined) =>
    outcome?.status === "failed" ? outcome.error.message : outcome?.status;

  it("no accounts: an empty answer without a call", async () => {
    const { batcher, calls } = scripted();
    expect((await batcher.lookup([])).size).toBe(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(0);
  });

  it("reports each call's size, how long its oldest account waited, and the queue it leaves behind", async () => {
    const batchSize = vi.fn();
    const budgetWait = vi.fn();
    const queueDepth = vi.fn();
    const { batcher, budget, calls } = scripted({
      metrics: { batchSize, budgetWait, queueDepth },
      maxQueueWaitMs: 5000,
    });
    await budget.pause(50);
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(20);
    const second = batcher.lookup(Array.from({ length: 150 }, (_, index) => `v${index}`));
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all([first, second]);
    expect(calls.map((call) => call.accounts.length)).toEqual([100, 51]);
    expect(batchSize.mock.calls).toEqual([[100], [51]]);
    // The first call left 50 ms after u1 was queued (the pause), 30 ms after the others.
    expect(budgetWait.mock.calls[0]![0]).toBeCloseTo(0.05, 2);
    expect(queueDepth.mock.calls[0]).toEqual([51]);
    expect(queueDepth.mock.calls[1]).toEqual([0]);
  });

  it("stats: lookups pending, accounts queued, calls in flight", async () => {
    const { batcher, budget, answerWith } = scripted({ maxQueueWaitMs: 5000 });
    answerWith((accounts) => new Promise((resolve) => setTimeout(() => resolve(answered(accounts)), 100)));
    const inFlight = batcher.lookup(["u1", "u2"]);
    await vi.advanceTimersByTimeAsync(1);
    await budget.pause(500);
    const queued = batcher.lookup(["u3"]);
    expect(batcher.stats()).toEqual({ pending: 3, queued: 1, inFlight: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([inFlight, queued]);
    expect(batcher.stats()).toEqual({ pending: 0, queued: 0, inFlight: 0 });
  });

  it("says which limit refused a lookup, and which setting raises it", async () => {
    const full = scripted({ maxPending: 1, maxQueueWaitMs: 100, callsPerSecond: 1 });
    await full.budget.pause(1000);
    const waiting = full.batcher.lookup(["u1"]);
    expect(messageOf((await full.batcher.lookup(["u2"])).get("u2"))).toBe(
      "Tencent IM's lookup queue is full (1 lookups, TENCENT_IM_MAX_PENDING): try again shortly",
    );
    const refused = (await full.batcher.lookup(["u3"])).get("u3");
    expect(refused?.status === "failed" && refused.error.extensions).toEqual({
      code: "SOURCE_RATE_LIMITED",
      source: "tencentIm",
      retryable: true,
    });
    await vi.advanceTimersByTimeAsync(150);
    const expired = (await waiting).get("u1");
    expect(messageOf(expired)).toBe(
      "Tencent IM's call budget is exhausted: the lookup waited 100 ms (TENCENT_IM_MAX_QUEUE_WAIT_MS) without a free call",
    );
    expect(expired?.status === "failed" && expired.error.extensions).toEqual({
      code: "SOURCE_RATE_LIMITED",
      source: "tencentIm",
      retryable: true,
    });
    expect(full.calls).toHaveLength(0);
  });

  it("a coalescing window holds the first lookup on an idle queue; lookups meanwhile join its call", async () => {
    const { batcher, calls } = scripted({ coalesceWindowMs: 20 });
    const start = Date.now();
    const results = [batcher.lookup(["u1"])];
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(0);
    results.push(batcher.lookup(["u2"]));
    await vi.advanceTimersByTimeAsync(15);
    expect(calls).toEqual([{ at: start + 20, accounts: ["u1", "u2"] }]);
    await Promise.all(results);
  });

  it("a passing fault sends the accounts again after the retry delay, doubled each time, without holding anyone else", async () => {
    // The default retry delay: 100 ms, doubled after each attempt.
    const { batcher, calls, answerWith } = scripted({ maxQueueWaitMs: 5000, retryDelayMs: undefined });
    let faults = 2;
    answerWith((accounts) =>
      accounts.includes("u1") && faults-- > 0
        ? { status: "retry", reason: "transient", error: tencentImError(40006) }
        : answered(accounts),
    );
    const start = Date.now();
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(10);
    const other = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(300);
    expect(nick((await first).get("u1"))).toBe("nick-u1");
    expect(nick((await other).get("u2"))).toBe("nick-u2");
    expect(calls.map((call) => [call.at - start, call.accounts])).toEqual([
      [0, ["u1"]],
      [10, ["u2"]],
      [100, ["u1"]],
      [300, ["u1"]],
    ]);
  });

  it("an answer that asks to slow down pauses the budget for the longest back-off", async () => {
    const { batcher, calls, answerWith } = scripted({ maxQueueWaitMs: 5000, retryDelayMs: 100 });
    answerWith((accounts) => answered(accounts, accounts.includes("u1")));
    const start = Date.now();
    await Promise.all([batcher.lookup(["u1"]), vi.advanceTimersByTimeAsync(1)]);
    const next = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(1000);
    await next;
    // 100 ms × 2² (two retries): the next call waits 400 ms.
    expect(calls[1]!.at - start).toBeGreaterThanOrEqual(400);
    expect(calls[1]!.at - start).toBeLessThan(420);
  });

  it("an expired UserSig sends the call again once, at once; a second expiry fails the accounts and is logged", async () => {
    const logger = recordingLogger();
    const { batcher, calls, answerWith } = scripted({ logger });
    answerWith(() => ({ status: "retry", reason: "usersig-renewed", error: tencentImError(70001) }));
    const result = batcher.lookup(["u1", "u2"]);
    await vi.advanceTimersByTimeAsync(50);
    expect(calls.map((call) => call.at - calls[0]!.at)).toEqual([0, 0]);
    expect(
      [...(await result).values()].map(
        (outcome) => outcome.status === "failed" && outcome.error.extensions.providerCode,
      ),
    ).toEqual([70001, 70001]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![1]).toMatchObject({ code: 70001, accounts: 2 });
  });

  it("a retry that succeeds logs nothing", async () => {
    const logger = recordingLogger();
    const { batcher, answerWith } = scripted({ logger });
    answerWith(refusingFirst(1, "rate-limited", 60011));
    const result = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(500);
    expect(nick((await result).get("u1"))).toBe("nick-u1");
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it("an account asked again while its call waits for a retry is carried once, for both", async () => {
    const { batcher, calls, answerWith } = scripted({ maxQueueWaitMs: 5000 });
    answerWith(refusingFirst(1, "rate-limited", 60011));
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(10);
    const again = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(500);
    expect([nick((await first).get("u1")), nick((await again).get("u1"))]).toEqual(["nick-u1", "nick-u1"]);
    expect(calls.map((call) => call.accounts)).toEqual([["u1"], ["u1"]]);
  });

  it("a client that throws fails its call's accounts alone; an account the answer leaves out is not found", async () => {
    const { batcher, answerWith } = scripted();
    answerWith(() => {
      throw new Error("a bug below");
    });
    expect(
      messageOf((await Promise.all([batcher.lookup(["u1"]), vi.advanceTimersByTimeAsync(1)]))[0].get("u1")),
    ).toBe("Tencent IM failed unexpectedly");
    const again = (await Promise.all([batcher.lookup(["u3"]), vi.advanceTimersByTimeAsync(1)]))[0].get("u3");
    expect(again?.status === "failed" && again.error.extensions.source).toBe("tencentIm");
    answerWith(() => ({ status: "answered", outcomes: new Map(), slowDown: false }));
    const [left] = await Promise.all([batcher.lookup(["u2"]), vi.advanceTimersByTimeAsync(1)]);
    expect(left.get("u2")).toEqual({ status: "not-found" });
  });

  it("a call in flight is not expired by another request's pass over the queue", async () => {
    const { batcher, answerWith } = scripted({ maxQueueWaitMs: 100 });
    answerWith((accounts) => new Promise((resolve) => setTimeout(() => resolve(answered(accounts)), 500)));
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(200);
    const second = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(600);
    expect(nick((await first).get("u1"))).toBe("nick-u1");
    expect(nick((await second).get("u2"))).toBe("nick-u2");
  });

  it("an expired lookup is counted out once, however often the queue is looked at again", async () => {
    const { batcher, calls } = scripted({ callsPerSecond: 1, maxQueueWaitMs: 100 });
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(1);
    const expired = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(150);
    expect(codeOf((await expired).get("u2"))).toBe(ErrorCode.SOURCE_RATE_LIMITED);
    expect(batcher.stats()).toEqual({ pending: 0, queued: 0, inFlight: 0 });
    // More passes over the queue: later lookups that expire too.
    const later = [batcher.lookup(["u3"]), batcher.lookup(["u4"])];
    await vi.advanceTimersByTimeAsync(300);
    expect((await Promise.all(later)).map((answer) => codeOf([...answer.values()][0]))).toEqual([
      ErrorCode.SOURCE_RATE_LIMITED,
      ErrorCode.SOURCE_RATE_LIMITED,
    ]);
    await first;
    expect(batcher.stats()).toEqual({ pending: 0, queued: 0, inFlight: 0 });
    expect(calls.map((call) => call.accounts)).toEqual([["u1"]]);
  });

  it("waits for the budget's next slot on a timer, not by asking the budget over and over", async () => {
    const { batcher, budget, calls } = scripted({ callsPerSecond: 10, maxQueueWaitMs: 5000 });
    const take = vi.spyOn(budget, "take");
    const start = Date.now();
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(1);
    const second = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(300);
    await Promise.all([first, second]);
    // One take per call: the second's slot (105 ms after the first) was taken ahead and waited out on a timer.
    expect(take).toHaveBeenCalledTimes(2);
    expect(calls.map((call) => [call.at - start, call.accounts])).toEqual([
      [0, ["u1"]],
      [105, ["u2"]],
    ]);
  });
  it("a refused call of more than 100 accounts is sent again in calls of at most 100", async () => {
    const { batcher, calls, answerWith } = scripted({ maxQueueWaitMs: 5000 });
    answerWith(refusingFirst(2, "transient", 40006));
    const result = batcher.lookup(Array.from({ length: 150 }, (_, index) => `u${index}`));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await result).size).toBe(150);
    expect(Math.max(...calls.map((call) => call.accounts.length))).toBe(100);
    expect(new Set(calls.slice(2).flatMap((call) => call.accounts)).size).toBe(150);
  });

  it("an account whose lookups all expired is not sent, even behind one still waited for", async () => {
    const { batcher, calls } = scripted({ callsPerSecond: 1, maxQueueWaitMs: 1030 });
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(10);
    const early = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(5);
    const expiring = batcher.lookup(["u3"]);
    await vi.advanceTimersByTimeAsync(25);
    const late = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all([first, early, expiring, late]);
    expect(codeOf((await expiring).get("u3"))).toBe(ErrorCode.SOURCE_RATE_LIMITED);
    expect(nick((await late).get("u2"))).toBe("nick-u2");
    expect(calls.map((call) => call.accounts)).toEqual([["u1"], ["u2"]]);
  });

  it("while accounts wait for a retry, stats and the queue depth count them", async () => {
    const queueDepth = vi.fn();
    const { batcher, calls, answerWith } = scripted({
      maxQueueWaitMs: 5000,
      metrics: { queueDepth, batchSize() {}, budgetWait() {} },
    });
    answerWith(refusingFirst(1, "transient", 40006));
    const result = batcher.lookup(["u1", "u2"]);
    await vi.advanceTimersByTimeAsync(10);
    const fresh = batcher.lookup(["u3"]);
    expect(batcher.stats()).toEqual({ pending: 3, queued: 3, inFlight: 0 });
    await vi.advanceTimersByTimeAsync(1);
    // u3 left alone; the two retries still wait for their delay.
    expect(queueDepth.mock.calls.at(-1)).toEqual([2]);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all([result, fresh]);
    expect(calls.map((call) => call.accounts)).toEqual([["u1", "u2"], ["u3"], ["u1", "u2"]]);
  });

  it("an account asked again while its call is in flight rides on that call's retry", async () => {
    const { batcher, calls, answerWith } = scripted({ callsPerSecond: 10, maxQueueWaitMs: 5000 });
    let refusals = 1;
    answerWith(
      (accounts) =>
        new Promise((resolve) =>
          setTimeout(
            () =>
              resolve(
                refusals-- > 0
                  ? { status: "retry", reason: "rate-limited", error: tencentImError(60011) }
                  : answered(accounts),
              ),
            50,
          ),
        ),
    );
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(10);
    const again = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect([nick((await first).get("u1")), nick((await again).get("u1"))]).toEqual(["nick-u1", "nick-u1"]);
    expect(calls.map((call) => call.accounts)).toEqual([["u1"], ["u1"]]);
  });

  it("a coalescing window opened while a call is in flight holds only the new lookups", async () => {
    const { batcher, calls, answerWith } = scripted({ coalesceWindowMs: 20 });
    answerWith((accounts) => new Promise((resolve) => setTimeout(() => resolve(answered(accounts)), 100)));
    const start = Date.now();
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(30);
    const second = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([first, second]);
    expect(calls).toEqual([
      { at: start + 20, accounts: ["u1"] },
      { at: start + 50, accounts: ["u2"] },
    ]);
  });
});

describe("PortraitBatcher: the edges of its timing", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Whether a lookup has answered yet. */
  const watched = (lookup: Promise<Map<string, AccountOutcome>>) => {
    const state = { settled: false, lookup };
    void lookup.then(() => (state.settled = true));
    return state;
  };

  it("a queued lookup fails at its deadline to the millisecond, not one later", async () => {
    const { batcher, calls } = scripted({ callsPerSecond: 1, maxQueueWaitMs: 500 });
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(10);
    const second = watched(batcher.lookup(["u2"])); // due at +510; the next slot is ~1 s away
    await vi.advanceTimersByTimeAsync(499);
    expect(second.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(second.settled).toBe(true);
    expect(codeOf((await second.lookup).get("u2"))).toBe(ErrorCode.SOURCE_RATE_LIMITED);
    expect(nick((await first).get("u1"))).toBe("nick-u1");
    expect(calls).toHaveLength(1);
  });

  it("a call refused at the very deadline of its lookups fails them then, without a retry", async () => {
    const { batcher, calls, answerWith } = scripted({ maxQueueWaitMs: 1000 });
    answerWith(
      () =>
        new Promise((resolve) =>
          setTimeout(
            () => resolve({ status: "retry", reason: "transient", error: tencentImError(40006) }),
            1000,
          ),
        ),
    );
    const lookup = watched(batcher.lookup(["u1"]));
    await vi.advanceTimersByTimeAsync(999);
    expect(lookup.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(lookup.settled).toBe(true);
    const refused = (await lookup.lookup).get("u1");
    expect(refused?.status === "failed" && refused.error.message).toMatch(/TENCENT_IM_MAX_QUEUE_WAIT_MS/);
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(1);
  });

  it("a lookup while only retries wait is not held by the coalescing window: the queue is not idle", async () => {
    const { batcher, calls, answerWith } = scripted({ coalesceWindowMs: 20, maxQueueWaitMs: 5000 });
    answerWith(refusingFirst(1, "transient", 40006));
    const start = Date.now();
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(30);
    const second = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(200);
    expect([nick((await first).get("u1")), nick((await second).get("u2"))]).toEqual(["nick-u1", "nick-u2"]);
    expect(calls.map((call) => [call.at - start, call.accounts])).toEqual([
      [20, ["u1"]],
      [30, ["u2"]],
      [120, ["u1"]],
    ]);
  });

  it("a passing fault leaves the budget's burst alone: other lookups still leave at once", async () => {
    // 200 calls/s: a burst of 4 slots after a quiet spell. A passing fault is not Tencent's rate: no pause.
    const { batcher, calls, answerWith } = scripted({ callsPerSecond: 200, maxQueueWaitMs: 5000 });
    answerWith(refusingFirst(1, "transient", 40006));
    const start = Date.now();
    const lookups = [batcher.lookup(["u1"])];
    for (const account of ["u2", "u3", "u4"]) {
      await vi.advanceTimersByTimeAsync(1);
      lookups.push(batcher.lookup([account]));
    }
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all(lookups);
    expect(calls.map((call) => [call.at - start, call.accounts])).toEqual([
      [0, ["u1"]],
      [1, ["u2"]],
      [2, ["u3"]],
      [3, ["u4"]],
      [100, ["u1"]],
    ]);
  });

  it("queues on one budget get slots in the order they asked: one that reaches it later is not outrun at every slot", async () => {
    // One budget of 10 calls/s for two replicas' queues, one of which reaches it 2 ms later (a busier process, a
    // longer way to Redis). Asking again whenever a slot came free, it would lose every slot to the other's steady
    // demand until its lookup ran out of time.
    const budget = new MemoryCallBudget(10, { now: () => Date.now() });
    const nearby = scripted({ budget, maxQueueWaitMs: 500 });
    const later = scripted({
      budget: {
        take: async (withinMs?: number) => {
          await new Promise((resolve) => setTimeout(resolve, 2));
          return budget.take(withinMs);
        },
        pause: (ms: number) => budget.pause(ms),
      },
      maxQueueWaitMs: 500,
    });
    const start = Date.now();
    const steady: Promise<Map<string, AccountOutcome>>[] = [];
    let lone: Promise<Map<string, AccountOutcome>> | undefined;
    for (let n = 0; n < 60; n++) {
      steady.push(nearby.batcher.lookup([`a${n}`]));
      if (n === 2) lone = later.batcher.lookup(["b1"]);
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(nick((await lone!).get("b1"))).toBe("nick-b1");
    // The slot after the two the other queue had taken (0 and 105 ms), taken ahead when it asked at 22 ms.
    expect(later.calls.map((call) => call.at - start)).toEqual([210]);
    const outcomes = await Promise.all(steady);
    expect(outcomes.every((outcome) => [...outcome.values()][0]!.status === "found")).toBe(true);
    // Together never closer than the budget's interval.
    const times = [...nearby.calls, ...later.calls].map((call) => call.at).sort((a, b) => a - b);
    expect(Math.min(...times.slice(1).map((at, index) => at - times[index]!))).toBeGreaterThanOrEqual(105);
  });

  it("never sends a call the budget did not grant, however long its lookups wait", async () => {
    // A budget whose next slot is always further away than any lookup can wait.
    const budget = { take: vi.fn(async (_withinMs?: number) => 600), pause: async () => {} };
    const { batcher, calls } = scripted({ budget, maxQueueWaitMs: 500 });
    const lookups: Promise<Map<string, AccountOutcome>>[] = [];
    for (let n = 0; n < 20; n++) {
      lookups.push(batcher.lookup([`u${n}`]));
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(1000);
    const outcomes = await Promise.all(lookups);
    expect(calls).toEqual([]);
    expect(new Set(outcomes.map((outcome) => codeOf(outcome.get([...outcome.keys()][0]!))))).toEqual(
      new Set([ErrorCode.SOURCE_RATE_LIMITED]),
    );
    expect(budget.take.mock.calls.every(([withinMs]) => withinMs !== undefined && withinMs <= 500)).toBe(
      true,
    );
  });

  it("takes no slot ahead beyond its oldest lookup's wait: such a slot would be wasted, and keep the next lookup out", async () => {
    // 1 call/s: a slot every 1050 ms. The second lookup cannot get one within its 500 ms and fails; had its queue
    // taken the 1050 ms slot anyway, the third lookup (at 1100 ms) would find the budget spent until 2100 ms.
    const { batcher, calls } = scripted({ callsPerSecond: 1, maxQueueWaitMs: 500 });
    const start = Date.now();
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(10);
    const second = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(1090);
    const third = batcher.lookup(["u3"]);
    await vi.advanceTimersByTimeAsync(100);
    expect([
      nick((await first).get("u1")),
      codeOf((await second).get("u2")),
      nick((await third).get("u3")),
    ]).toEqual(["nick-u1", ErrorCode.SOURCE_RATE_LIMITED, "nick-u3"]);
    expect(calls.map((call) => [call.at - start, call.accounts])).toEqual([
      [0, ["u1"]],
      [1100, ["u3"]],
    ]);
  });

  it("a slot taken ahead and missed by more than its grace (a stalled event loop) is given up and asked for again", async () => {
    const { batcher, budget, calls } = scripted({ callsPerSecond: 10, maxQueueWaitMs: 5000 });
    const take = vi.spyOn(budget, "take");
    const start = Date.now();
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(1);
    // Takes the slot at 105 ms ahead.
    const second = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(take).toHaveBeenCalledTimes(2);
    // The clock moves on without the timer firing, as when the event loop is held up.
    vi.setSystemTime(start + 500);
    const third = batcher.lookup(["u3"]);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all([first, second, third]);
    expect(take).toHaveBeenCalledTimes(3);
    expect(calls.map((call) => [call.at - start, call.accounts])).toEqual([
      [0, ["u1"]],
      [500, ["u2", "u3"]],
    ]);
  });

  it("asks the budget once per call, even when lookups arrive while it is being asked", async () => {
    const slots = new MemoryCallBudget(200, { now: () => Date.now() });
    // A budget that takes 5 ms to answer, as a shared one on Redis does.
    const budget = {
      take: vi.fn(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return slots.take();
      }),
      pause: (ms: number) => slots.pause(ms),
    };
    const { batcher, calls } = scripted({ budget });
    const first = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(1);
    const second = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(20);
    expect([nick((await first).get("u1")), nick((await second).get("u2"))]).toEqual(["nick-u1", "nick-u2"]);
    expect(calls.map((call) => call.accounts)).toEqual([["u1", "u2"]]);
    expect(budget.take).toHaveBeenCalledTimes(1);
  });

  it("a call that ends while its pass is finishing lets the next one leave at once", async () => {
    // One call in flight at a time and an instant answer: the answer arrives in the same turn as the pass that
    // sent the call ends; the 50 accounts left over must not wait for a timer (or their deadline).
    const { batcher, calls } = scripted({ maxInFlight: 1, maxQueueWaitMs: 1000 });
    const start = Date.now();
    const result = batcher.lookup(Array.from({ length: 150 }, (_, index) => `u${index}`));
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((call) => [call.at - start, call.accounts.length])).toEqual([
      [0, 100],
      [0, 50],
    ]);
    expect([...(await result).values()].every((outcome) => outcome.status === "found")).toBe(true);
  });

  it("with calls in flight and nothing queued, no timer is armed", async () => {
    const { batcher, answerWith } = scripted({ maxInFlight: 1 });
    answerWith((accounts) => new Promise((resolve) => setTimeout(() => resolve(answered(accounts)), 500)));
    const result = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(1);
    // Only the answer's own timer.
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(nick((await result).get("u1"))).toBe("nick-u1");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an account whose retry nobody waits for any more is forgotten: asked again, it leaves at once", async () => {
    const { batcher, calls, answerWith } = scripted({ maxQueueWaitMs: 50, retryDelayMs: 100 });
    answerWith(refusingFirst(1, "transient", 40006));
    const start = Date.now();
    const expired = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(60);
    // A pass over the queue (another request's lookup) finds u1's retry waited for by nobody.
    const other = batcher.lookup(["u2"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(codeOf((await expired).get("u1"))).toBe(ErrorCode.SOURCE_RATE_LIMITED);
    expect(batcher.stats()).toEqual({ pending: 0, queued: 0, inFlight: 0 });
    await vi.advanceTimersByTimeAsync(9);
    const again = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(100);
    expect([nick((await other).get("u2")), nick((await again).get("u1"))]).toEqual(["nick-u2", "nick-u1"]);
    expect(calls.map((call) => [call.at - start, call.accounts])).toEqual([
      [0, ["u1"]],
      [60, ["u2"]],
      [70, ["u1"]],
    ]);
  });

  it("waits out a retry's back-off on one timer, not by looking again every millisecond", async () => {
    // Every pass over the queue reads the clock: a pass each millisecond would read it a hundred times and more.
    const clock = { now: vi.fn(() => Date.now()) };
    const { batcher, calls, answerWith } = scripted({ maxQueueWaitMs: 5000, retryDelayMs: 100, clock });
    answerWith(refusingFirst(1, "transient", 40006));
    const result = batcher.lookup(["u1"]);
    await vi.advanceTimersByTimeAsync(1);
    clock.now.mockClear();
    await vi.advanceTimersByTimeAsync(150);
    expect(nick((await result).get("u1"))).toBe("nick-u1");
    expect(calls).toHaveLength(2);
    expect(clock.now.mock.calls.length).toBeLessThan(20);
  });
});
