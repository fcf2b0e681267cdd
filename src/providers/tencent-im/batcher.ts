import { systemClock, type Clock } from "../../domain/clock.js";
import { ErrorCode, SourceError } from "../../errors.js";
import { silentLogger, type Logger } from "../../logger.js";
import type { SourceMetrics } from "../../observability/metrics.js";
import { transportError } from "../http.js";
import type { CallBudget } from "./budget.js";
import {
  MAX_ACCOUNTS_PER_CALL,
  type AccountOutcome,
  type PortraitAnswer,
  type TencentImClient,
} from "./client.js";

export interface PortraitBatcherOptions {
  /** Grants each portrait_get call a slot of the app's calls per second. */
  budget: CallBudget;
  /** How long a lookup that finds the queue empty waits for others before its call may leave (0: none). */
  coalesceWindowMs: number;
  /** A lookup still queued after this long fails with SOURCE_RATE_LIMITED, without an upstream call. */
  maxQueueWaitMs: number;
  /** Lookups (one per account per request) waiting or in flight; beyond it new ones are refused at once. */
  maxPending: number;
  /** portrait_get calls in flight at once. */
  maxInFlight: number;
  /** Times a call refused for Tencent's rate or a passing fault is sent again, each after twice the delay. */
  retries?: number;
  retryDelayMs?: number;
  clock?: Clock;
  logger?: Logger;
  /** Where calls' sizes, budget waits and the queue's depth are reported. */
  metrics?: Pick<SourceMetrics, "batchSize" | "budgetWait" | "queueDepth">;
}

/** One caller's wait for one account. */
interface Waiter {
  readonly deadline: number;
  settle(outcome: AccountOutcome): void;
  /** Answered or failed: nothing more happens to it. */
  done: boolean;
  /** Carried by a call in flight: its queue deadline no longer applies until the call comes back for a retry. */
  sent: boolean;
  /** The entry it waits on. */
  entry: Entry;
}

/** One account waiting for a call, with everyone waiting for it. */
interface Entry {
  readonly account: string;
  /** When it joined the queue: a call's budget wait is measured from its oldest account. */
  readonly queuedAt: number;
  readonly waiters: Set<Waiter>;
  /** Times it was sent again after a rate limit or a passing fault. */
  attempts: number;
  renewedUserSig: boolean;
  /** Not to be sent before this time (a passing fault's back-off). */
  notBefore: number;
}

/**
 * How late a call may leave after the slot the budget gave it ahead (a busy event loop's timer). Any later and the
 * slot is dropped: calls must reach Tencent close to their slots for any one-second window to hold no more than
 * the app's limit (the budget's window has 50 ms to spare, see BUDGET_WINDOW_MS).
 */
const SLOT_GRACE_MS = 20;

/**
 * The process-wide queue of Tencent IM lookups, spending the call budget on full calls. Every lookup of every
 * request joins one queue (an account already waiting is asked once for all who wait for it). A call leaves when
 * the budget grants a slot and takes up to 100 waiting accounts, oldest first: at low load a lone lookup leaves at
 * once (within the event loop's turn, with whatever else that turn asked); under pressure each call carries what
 * gathered while it waited for its slot, which the queue took ahead (fair among replicas sharing a budget: slots go
 * in the order they were asked for, not to whoever asks first when one comes free). Waiting is bounded in time
 * (`maxQueueWaitMs`) and in size (`maxPending`); both answer SOURCE_RATE_LIMITED, retryable, without a call.
 * Calls Tencent refuses for its rate pause the whole budget and are sent again within the callers' remaining
 * wait. Nothing is cached: a result is never reused past the call that carried it.
 */
export class PortraitBatcher {
  /** Accounts not yet sent, oldest first. */
  private readonly queue = new Map<string, Entry>();
  /** Accounts whose call came back for a retry: they go before the fresh ones. */
  private retryQueue: Entry[] = [];
  /** The same entries by account: a lookup of an account waiting for its retry joins it. */
  private readonly retrying = new Map<string, Entry>();
  /** Every waiter in the order it came, which is the order of its deadline. */
  private deadlines: Waiter[] = [];
  private deadlineHead = 0;
  private pending = 0;
  private inFlight = 0;
  private pumping = false;
  private pumpScheduled = false;
  /** Asked to pump while a pass ran (or was finishing): the pass runs once more. */
  private pumpAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  /**
   * The slot the budget gave this queue ahead (see CallBudget.take): the next call leaves then without asking
   * again. A slot not used within SLOT_GRACE_MS of its time is dropped.
   */
  private slotAt: number | undefined;
  /** While the coalescing window of a lookup that found the queue empty is open, no call leaves. */
  private holdUntil = 0;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly client: Pick<TencentImClient, "portraitGet">,
    private readonly options: PortraitBatcherOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 100;
  }

  /** The outcome of each account, from whichever call carried it (or the queue's refusal). */
  lookup(accounts: readonly string[]): Promise<Map<string, AccountOutcome>> {
    const results = new Map<string, AccountOutcome>();
    if (accounts.length === 0) return Promise.resolve(results);
    const wasIdle = this.queue.size === 0 && this.retryQueue.length === 0;
    return new Promise((resolve) => {
      let remaining = accounts.length;
      const deadline = this.clock.now() + this.options.maxQueueWaitMs;
      for (const account of accounts) {
        const settle = (outcome: AccountOutcome) => {
          results.set(account, outcome);
          if (--remaining === 0) resolve(results);
        };
        if (this.pending >= this.options.maxPending) {
          settle({ status: "failed", error: queueFull(this.options.maxPending) });
          continue;
        }
        let entry = this.queue.get(account) ?? this.retrying.get(account);
        if (!entry) {
          entry = {
            account,
            queuedAt: this.clock.now(),
            waiters: new Set(),
            attempts: 0,
            renewedUserSig: false,
            notBefore: 0,
          };
          this.queue.set(account, entry);
        }
        const waiter: Waiter = { deadline, settle, done: false, sent: false, entry };
        entry.waiters.add(waiter);
        this.deadlines.push(waiter);
        this.pending++;
      }
      if (wasIdle && this.options.coalesceWindowMs > 0) {
        this.holdUntil = this.clock.now() + this.options.coalesceWindowMs;
        this.wake(this.options.coalesceWindowMs);
      } else this.pumpSoon();
    });
  }

  /**
   * Pumps once the event loop has run the rest of this turn's I/O callbacks: the lookups of every request that
   * arrived together (a burst of requests read in one turn) leave in one call rather than one call each, and a
   * lone lookup still leaves within the turn, without a timer's delay.
   */
  private pumpSoon(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      void this.pump();
    });
  }

  /** Lookups waiting or in flight, and calls in flight (for metrics and tests). */
  stats(): { pending: number; queued: number; inFlight: number } {
    return {
      pending: this.pending,
      queued: this.queue.size + this.retryQueue.length,
      inFlight: this.inFlight,
    };
  }

  /**
   * Sends calls while there are accounts, budget and room in flight; otherwise sets a timer for when to look again.
   * One pass at a time, so the budget is asked once per call; a call that ends while a pass is finishing (its
   * answer's microtask runs before the pass's own) makes the pass run again rather than being lost.
   */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        await this.sendWhatTheBudgetAllows();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private async sendWhatTheBudgetAllows(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.expire(now);
      // A call ending pumps again; meanwhile only the queued deadlines need a timer.
      if (this.inFlight >= this.options.maxInFlight) return this.wake(Infinity);
      // Nothing waiting (Infinity): wake sets no timer.
      const readyAt = Math.max(this.nextReadyAt(), this.holdUntil);
      if (readyAt > now) return this.wake(readyAt - now);
      if (this.slotAt === undefined || now > this.slotAt + SLOT_GRACE_MS) {
        // A slot ahead, up to the time the oldest waiting lookup has left: a later one would find it gone.
        const withinMs = this.timeLeftOfOldest(now);
        const waitMs = await this.options.budget.take(withinMs);
        if (waitMs > withinMs) {
          this.slotAt = undefined;
          return this.wake(waitMs);
        }
        this.slotAt = this.clock.now() + waitMs;
      }
      const slotIn = this.slotAt - this.clock.now();
      if (slotIn > 0) return this.wake(slotIn);
      this.slotAt = undefined;
      const sentAt = this.clock.now();
      const batch = this.takeBatch(sentAt);
      if (batch.length === 0) continue;
      this.options.metrics?.batchSize(batch.length);
      this.options.metrics?.budgetWait(
        Math.max(0, sentAt - Math.min(...batch.map((entry) => entry.queuedAt))) / 1000,
      );
      this.options.metrics?.queueDepth(this.queue.size + this.retryQueue.length);
      void this.send(batch);
    }
  }

  /** Whole milliseconds until the oldest fresh lookup's queue wait runs out (0 with none waiting). */
  private timeLeftOfOldest(now: number): number {
    const oldest = this.queue.values().next().value;
    return oldest ? Math.max(0, Math.floor(oldest.queuedAt + this.options.maxQueueWaitMs - now)) : 0;
  }

  /** When the next account may be sent: now when one is ready, Infinity when none waits. */
  private nextReadyAt(): number {
    if (this.queue.size > 0) return 0;
    return this.retryQueue.reduce((earliest, entry) => Math.min(earliest, entry.notBefore), Infinity);
  }

  /** Up to 100 accounts that still have someone waiting: retries first, then the oldest fresh ones. */
  private takeBatch(now: number): Entry[] {
    const batch: Entry[] = [];
    const later: Entry[] = [];
    for (const entry of this.retryQueue) {
      if (entry.waiters.size > 0 && (batch.length >= MAX_ACCOUNTS_PER_CALL || entry.notBefore > now)) {
        later.push(entry);
        continue;
      }
      this.retrying.delete(entry.account);
      if (entry.waiters.size > 0) batch.push(entry);
    }
    this.retryQueue = later;
    for (const entry of this.queue.values()) {
      if (batch.length >= MAX_ACCOUNTS_PER_CALL) break;
      this.queue.delete(entry.account);
      if (entry.waiters.size > 0) batch.push(entry);
    }
    for (const entry of batch) for (const waiter of entry.waiters) waiter.sent = true;
    return batch;
  }

  private async send(batch: Entry[]): Promise<void> {
    this.inFlight++;
    let answer: PortraitAnswer;
    try {
      answer = await this.client.portraitGet(batch.map((entry) => entry.account));
    } catch (error) {
      // portraitGet answers every account and does not throw; if it ever did, the accounts fail alone.
      const failure = transportError(error, "tencentIm", "Tencent IM");
      answer = { status: "answered", outcomes: new Map(), slowDown: false };
      for (const entry of batch) answer.outcomes.set(entry.account, { status: "failed", error: failure });
    } finally {
      this.inFlight--;
    }
    if (answer.status === "answered") {
      for (const entry of batch)
        this.settle(entry, answer.outcomes.get(entry.account) ?? { status: "not-found" });
      if (answer.slowDown) await this.options.budget.pause(this.retryDelayMs * 2 ** this.retries);
    } else {
      await this.retryOrFail(batch, answer);
    }
    void this.pump();
  }

  /** A refused call: its accounts go back to the head of the queue, or fail once their retries are spent. */
  private async retryOrFail(
    batch: Entry[],
    answer: Extract<PortraitAnswer, { status: "retry" }>,
  ): Promise<void> {
    const now = this.clock.now();
    let pauseMs = 0;
    let gaveUp = 0;
    for (const entry of batch) {
      const delayMs = this.retryDelayMs * 2 ** entry.attempts;
      const again =
        answer.reason === "usersig-renewed" ? !entry.renewedUserSig : entry.attempts < this.retries;
      if (!again) {
        gaveUp++;
        this.settle(entry, { status: "failed", error: answer.error });
        continue;
      }
      if (answer.reason === "usersig-renewed") entry.renewedUserSig = true;
      else entry.attempts++;
      if (answer.reason === "transient") entry.notBefore = now + delayMs;
      if (answer.reason === "rate-limited") pauseMs = Math.max(pauseMs, delayMs);
      for (const waiter of entry.waiters) waiter.sent = false;
      // Someone may have asked for the account again meanwhile: one entry carries them all.
      const fresh = this.queue.get(entry.account);
      if (fresh) {
        for (const waiter of fresh.waiters) {
          waiter.entry = entry;
          entry.waiters.add(waiter);
        }
        this.queue.delete(entry.account);
      }
      this.retryQueue.push(entry);
      this.retrying.set(entry.account, entry);
    }
    if (gaveUp > 0) {
      this.logger.warn("tencentIm portrait_get still refused after its retries", {
        code: answer.error.extensions.providerCode,
        reason: answer.reason,
        accounts: gaveUp,
      });
    }
    if (pauseMs > 0) await this.options.budget.pause(pauseMs);
  }

  private settle(entry: Entry, outcome: AccountOutcome): void {
    for (const waiter of entry.waiters) {
      if (waiter.done) continue;
      waiter.done = true;
      this.pending--;
      waiter.settle(outcome);
    }
    entry.waiters.clear();
  }

  /** Fails every lookup still queued past its deadline, and drops the accounts nobody waits for any more. */
  private expire(now: number): void {
    let head = this.deadlineHead;
    for (; head < this.deadlines.length; head++) {
      const waiter = this.deadlines[head]!;
      if (waiter.done || waiter.sent) continue;
      if (waiter.deadline > now) break;
      this.fail(waiter);
    }
    this.deadlineHead = head;
    if (head > 1024 && head * 2 > this.deadlines.length) {
      this.deadlines = this.deadlines.slice(head);
      this.deadlineHead = 0;
    }
    for (const entry of this.retryQueue) {
      for (const waiter of entry.waiters) if (!waiter.sent && waiter.deadline <= now) this.fail(waiter);
    }
    for (const entry of this.queue.values()) {
      if (entry.waiters.size > 0) break;
      this.queue.delete(entry.account);
    }
  }

  private fail(waiter: Waiter): void {
    waiter.done = true;
    this.pending--;
    waiter.entry.waiters.delete(waiter);
    waiter.settle({ status: "failed", error: queueWaitExceeded(this.options.maxQueueWaitMs) });
  }

  /**
   * The earliest of: `ms` from now, the next queued deadline. Every pass over the queue leaves `deadlineHead` at
   * the first lookup still queued (or past the end), and only a pass sends or fails one, so the head's deadline is
   * the next; were it answered meanwhile, the timer would merely fire early and the pass find nothing to expire.
   */
  private wake(ms: number): void {
    const now = this.clock.now();
    let at = now + ms;
    const next = this.deadlines[this.deadlineHead];
    if (next) at = Math.min(at, next.deadline);
    // Also when nothing is due (Infinity): no timer, rather than one Node would fire after 1 ms.
    if (at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timerAt = Infinity;
        this.timer = undefined;
        void this.pump();
      },
      Math.max(0, at - now),
    );
    this.timer.unref?.();
  }
}

function queueWaitExceeded(maxQueueWaitMs: number): SourceError {
  return new SourceError(
    `Tencent IM's call budget is exhausted: the lookup waited ${maxQueueWaitMs} ms (TENCENT_IM_MAX_QUEUE_WAIT_MS) without a free call`,
    { code: ErrorCode.SOURCE_RATE_LIMITED, source: "tencentIm", retryable: true },
  );
}

function queueFull(maxPending: number): SourceError {
  return new SourceError(
    `Tencent IM's lookup queue is full (${maxPending} lookups, TENCENT_IM_MAX_PENDING): try again shortly`,
    { code: ErrorCode.SOURCE_RATE_LIMITED, source: "tencentIm", retryable: true },
  );
}
