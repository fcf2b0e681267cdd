import { systemClock, type Clock } from "../domain/clock.js";
import { ErrorCode, SourceError } from "../errors.js";
import type { SourceName } from "../providers/registry.js";
import type { ServiceMetrics, SourceResult } from "./metrics.js";

/** Where the process is in its life: not yet serving, serving, or on its way out after SIGTERM. */
export type Phase = "starting" | "ready" | "draining";

/** What `/readyz` answers. */
export interface ReadinessStatus {
  ready: boolean;
  phase: Phase;
  /** Why it is not ready (empty when it is). */
  reasons: string[];
  /** Configured sources whose answers said the vendor refuses this service, with the vendor's reason. */
  unusableSources: { source: SourceName; reason: string; since: string }[];
}

export interface ReadinessOptions {
  /** Whether an unusable source makes the service not ready (READYZ_REQUIRES_SOURCES); it is reported either way. */
  requireSources: boolean;
  /** Source labels for the reasons. */
  labels: Record<SourceName, string>;
  metrics?: ServiceMetrics;
  clock?: Clock;
  /**
   * How long a refusal keeps a source unusable when no later answer clears it. A replica that is not ready gets
   * no traffic, so nothing would clear it: after this it is ready again, and the next refusal counts anew.
   */
  holdMs?: number;
}

interface Refusal {
  reason: string;
  at: number;
}

/** Default of `holdMs`. */
export const UNUSABLE_HOLD_MS = 60_000;

/**
 * Decides what `/readyz` says. Not ready while starting, while draining after SIGTERM, and (unless switched off)
 * while a configured source is unusable: its last answer said the vendor refuses this service itself (credentials,
 * keys, client id, allow-list, a disabled account), which no retry can fix. A later record (or "unknown user")
 * from that source makes it usable again.
 */
export class Readiness {
  private current: Phase = "starting";
  private readonly refusals = new Map<SourceName, Refusal>();
  private readonly clock: Clock;
  private readonly holdMs: number;

  constructor(private readonly options: ReadinessOptions) {
    this.clock = options.clock ?? systemClock;
    this.holdMs = options.holdMs ?? UNUSABLE_HOLD_MS;
  }

  get phase(): Phase {
    return this.current;
  }

  /** The service listens and can take traffic. */
  markReady(): void {
    if (this.current === "starting") this.current = "ready";
  }

  /** SIGTERM: take no new traffic (the load balancer sees /readyz fail); requests in flight still finish. */
  drain(): void {
    this.current = "draining";
  }

  /** One answer a source gave the graph (see SourceResultObserver). */
  observe(source: SourceName, result: SourceResult, error?: unknown): void {
    if (refusesThisService(error)) {
      this.refusals.set(source, { reason: (error as SourceError).message, at: this.clock.now() });
      this.options.metrics?.source(source).usable(false);
    } else if (result === "OK" || result === "NOT_FOUND") {
      // The vendor answered: it accepts this service again.
      if (this.refusals.delete(source)) this.options.metrics?.source(source).usable(true);
    }
  }

  status(): ReadinessStatus {
    const now = this.clock.now();
    const unusableSources: ReadinessStatus["unusableSources"] = [];
    for (const [source, refusal] of this.refusals) {
      if (now - refusal.at >= this.holdMs) {
        this.refusals.delete(source);
        this.options.metrics?.source(source).usable(true);
        continue;
      }
      unusableSources.push({ source, reason: refusal.reason, since: new Date(refusal.at).toISOString() });
    }
    const reasons: string[] = [];
    if (this.current === "starting") reasons.push("starting");
    if (this.current === "draining") reasons.push("draining: shutting down after SIGTERM");
    if (this.options.requireSources) {
      for (const { source, reason } of unusableSources) {
        reasons.push(`${this.options.labels[source]} is unusable: ${reason}`);
      }
    }
    return { ready: reasons.length === 0, phase: this.current, reasons, unusableSources };
  }
}

/** The vendor refused this service itself: an error marked as a configuration error, or an account it disabled. */
function refusesThisService(error: unknown): boolean {
  if (!(error instanceof SourceError)) return false;
  return (
    error.configuration ||
    (error.code === ErrorCode.SOURCE_DISABLED && error.extensions.providerCode !== undefined)
  );
}
