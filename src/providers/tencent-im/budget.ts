import { systemClock, type Clock } from "../../domain/clock.js";

/**
 * The portrait_get call budget: Tencent counts calls per app per second. One small interface so that the
 * in-memory budget of one process and a budget shared by every replica are interchangeable.
 */
export interface CallBudget {
  /**
   * Takes one call slot if the budget has one now and returns 0. Otherwise, when the next slot comes within
   * `withinMs` (0 by default), takes that slot ahead and returns how many milliseconds until it: the caller sends
   * its call then, without asking again. Otherwise takes nothing and returns how many milliseconds until the next
   * slot may be free (more than `withinMs`). Never waits itself: the caller decides whether to wait.
   *
   * Taking ahead is what keeps a shared budget fair: replicas that each asked again when a slot came free would
   * race for it, and one could lose every race while its lookups ran out of time; a slot taken ahead is the
   * replica's, in the order the replicas asked.
   */
  take(withinMs?: number): Promise<number>;
  /** Tencent refused a call for its rate: grant no slot for the next `ms` milliseconds. */
  pause(ms: number): Promise<void>;
}

/**
 * Tencent's second, with a margin: calls leave on the budget's clock but reach Tencent with network jitter, and
 * a window on Tencent's side that happened to catch two of them closer together than they left must still count
 * no more than the limit.
 */
export const BUDGET_WINDOW_MS = 1050;

export interface CallSpacing {
  /** Milliseconds between two slots in steady state. */
  intervalMs: number;
  /** Slots that may be taken back to back after a quiet spell (1: none). */
  burst: number;
}

/**
 * How N calls per second are spread: one slot every interval, and a burst of a few for a request that needs
 * several calls at once (a 250-id request's 3 calls leave together). The interval is chosen so that the burst
 * never lets a window of one second hold more than N: at most ceil((window + (burst-1)·interval) / interval)
 * = N calls fit in any window, however it is placed (GCRA's bound).
 */
export function callSpacing(callsPerSecond: number): CallSpacing {
  const burst = Math.max(1, Math.min(4, Math.floor(callsPerSecond / 50)));
  return { intervalMs: BUDGET_WINDOW_MS / (callsPerSecond - burst + 1), burst };
}

/**
 * The budget of one process, as a GCRA (generic cell rate algorithm): a theoretical arrival time that advances
 * one interval per slot. A lone call after a quiet spell is granted at once; under pressure slots come one
 * interval apart, never bunched at the start of a second.
 */
export class MemoryCallBudget implements CallBudget {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly clock: Clock;
  /** When the next slot is due, were calls evenly spaced. */
  private theoreticalArrival = 0;

  constructor(callsPerSecond: number, clock: Clock = systemClock) {
    const spacing = callSpacing(callsPerSecond);
    this.intervalMs = spacing.intervalMs;
    this.toleranceMs = (spacing.burst - 1) * spacing.intervalMs;
    this.clock = clock;
  }

  async take(withinMs = 0): Promise<number> {
    const now = this.clock.now();
    const earliest = this.theoreticalArrival - this.toleranceMs;
    const waitMs = Math.max(0, earliest - now);
    if (waitMs > withinMs) return waitMs;
    // The slot at `earliest` (or now): the next one is an interval after it, as if the call had been sent then.
    this.theoreticalArrival = Math.max(now, this.theoreticalArrival) + this.intervalMs;
    return waitMs;
  }

  async pause(ms: number): Promise<void> {
    this.theoreticalArrival = Math.max(this.theoreticalArrival, this.clock.now() + ms + this.toleranceMs);
  }
}

/**
 * GCRA in one atomic step on Redis's clock, so that every replica spends one budget: KEYS[1] holds the theoretical
 * arrival time in microseconds. ARGV: interval and tolerance in microseconds, then "take" and how far ahead a slot
 * may be taken, or "pause" and the pause, in microseconds. A take answers the microseconds until the slot it took
 * (0: now), or, having taken none, until the next slot (more than the take's horizon).
 */
const GCRA_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
if ARGV[3] == 'pause' then
  local resume = now + tonumber(ARGV[4]) + tolerance
  if resume > tat then redis.call('SET', KEYS[1], string.format('%d', resume), 'PX', math.ceil((resume - now) / 1000) + 1000) end
  return 0
end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
if wait > tonumber(ARGV[4]) then return wait end
if now > tat then tat = now end
tat = tat + interval
redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
return wait
`;

/** What the shared budget needs of the replica's Redis connection (src/fleet/redis.ts). */
export interface BudgetStore {
  readonly ready: boolean;
  readonly client: {
    eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  };
  commandFailed(error: unknown): void;
}

/**
 * The budget of a whole fleet: the same GCRA as MemoryCallBudget, kept in Redis under one key per SDKAppID, so
 * all replicas together stay within N calls in any one-second window and their calls are spread evenly. While
 * Redis is unreachable each replica spends its own fallback budget (its documented share), and goes back to the
 * shared one as soon as Redis answers again.
 */
export class SharedCallBudget implements CallBudget {
  private readonly intervalUs: string;
  private readonly toleranceUs: string;

  constructor(
    private readonly store: BudgetStore,
    private readonly key: string,
    callsPerSecond: number,
    private readonly fallback: CallBudget,
  ) {
    const spacing = callSpacing(callsPerSecond);
    this.intervalUs = String(Math.round(spacing.intervalMs * 1000));
    this.toleranceUs = String(Math.round((spacing.burst - 1) * spacing.intervalMs * 1000));
  }

  /** Whether the last decision was the fleet's (false: this replica's fallback budget). */
  shared = false;

  async take(withinMs = 0): Promise<number> {
    // In whole milliseconds, so that the wait rounded up (a call never leaves before its slot) is within the
    // horizon exactly when a slot was taken.
    const horizonMs = Math.floor(withinMs);
    const waitUs = await this.run(["take", String(horizonMs * 1000)]);
    if (waitUs === undefined) return this.fallback.take(horizonMs);
    return Math.ceil(waitUs / 1000);
  }

  async pause(ms: number): Promise<void> {
    if ((await this.run(["pause", String(Math.round(ms * 1000))])) === undefined)
      await this.fallback.pause(ms);
  }

  private async run(args: string[]): Promise<number | undefined> {
    this.shared = false;
    if (!this.store.ready) return undefined;
    try {
      const answer = await this.store.client.eval(GCRA_SCRIPT, {
        keys: [this.key],
        arguments: [this.intervalUs, this.toleranceUs, ...args],
      });
      this.shared = true;
      return Number(answer);
    } catch (error) {
      this.store.commandFailed(error);
      return undefined;
    }
  }
}
