import { systemClock, type Clock } from "../../domain/clock.js";

/**
 * The portrait_get call budget: Tencent counts calls per app per second. One small interface so that the
 * in-memory budget of one process and a budget shared by every replica are interchangeable.
 */
export interface CallBudget {
  /**
   * Takes one call slot if the budget has one now and returns 0; otherwise takes nothing and returns how many
   * milliseconds until the next slot may be free. Never waits itself: the caller decides whether to wait.
   */
  take(): Promise<number>;
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

  async take(): Promise<number> {
    const now = this.clock.now();
    const earliest = this.theoreticalArrival - this.toleranceMs;
    if (now < earliest) return earliest - now;
    this.theoreticalArrival = Math.max(now, this.theoreticalArrival) + this.intervalMs;
    return 0;
  }

  async pause(ms: number): Promise<void> {
    this.theoreticalArrival = Math.max(this.theoreticalArrival, this.clock.now() + ms + this.toleranceMs);
  }
}
