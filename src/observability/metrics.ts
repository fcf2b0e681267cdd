import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { SourceName } from "../providers/registry.js";

/**
 * The service's Prometheus metrics, one registry per server (tests run several in one process). Names follow the
 * Prometheus conventions: a `profile_` prefix, `_total` on counters, base units (`_seconds`). Each metric is
 * written once for every source, with a `source` label; the README's Operations section lists them.
 */

/** How one upstream HTTP call ended, as the shared HTTP layer sees it (vendors answer many errors with 200). */
export type UpstreamOutcome = "ok" | "http_4xx" | "http_5xx" | "timeout" | "network_error";

/** What a source's field (or profile lookup) gave the graph: a record, "unknown user", or an error code. */
export type SourceResult = "OK" | "NOT_FOUND" | (string & {});

export type BreakerState = "closed" | "open" | "half_open";
export const BREAKER_STATES: readonly BreakerState[] = ["closed", "open", "half_open"];

/**
 * What a source's code reports. The HTTP layer records calls, source-access.ts records results; the rest is for
 * the source's own machinery (a rate budget, a queue, a breaker, a cache) to call as it is built.
 */
export interface SourceMetrics {
  /** One upstream HTTP call (recorded by `src/providers/http.ts` for every client it creates). */
  upstreamCall(operation: string, outcome: UpstreamOutcome, seconds: number): void;
  /** One answer handed to the graph (recorded by `src/source-access.ts`). */
  result(result: SourceResult): void;
  /** Ids carried by one upstream call (Tencent IM: accounts per portrait_get, at most 100). */
  batchSize(ids: number): void;
  /** How long a call waited for the rate budget to grant it a slot. */
  budgetWait(seconds: number): void;
  /** Lookups waiting in the source's queue now. */
  queueDepth(depth: number): void;
  /** The source's breaker moved to `state`. */
  breakerState(state: BreakerState): void;
  cacheHit(): void;
  cacheMiss(): void;
  /** Whether the readiness check considers the source usable (1) or not (0). */
  usable(usable: boolean): void;
}

export type GraphQLOutcome = "ok" | "partial" | "failed";

/** The process's metrics: the registry `/metrics` serves, and each source's view of it. */
export interface ServiceMetrics {
  readonly registry: Registry;
  source(name: SourceName): SourceMetrics;
  graphqlRequest(outcome: GraphQLOutcome, seconds: number): void;
  /** A request refused because it did not carry the router's shared secret. */
  untrustedRequest(): void;
}

export interface ServiceMetricsOptions {
  /**
   * CPU, memory, event loop lag, GC and handles (prom-client's default metrics). They describe the process, so
   * the entry point asks for them; servers built in tests leave them out.
   */
  processMetrics?: boolean;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100];

export function createServiceMetrics(options: ServiceMetricsOptions = {}): ServiceMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const upstreamCalls = new Counter({
    name: "profile_upstream_calls_total",
    help: "Upstream HTTP calls by source, operation (last path segment) and outcome",
    labelNames: ["source", "operation", "outcome"] as const,
    registers,
  });
  const upstreamDuration = new Histogram({
    name: "profile_upstream_call_duration_seconds",
    help: "Upstream HTTP call latency, from sending the request to the whole answer (or the failure)",
    labelNames: ["source", "operation"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const results = new Counter({
    name: "profile_source_results_total",
    help: "Answers each source gave the graph (fields and profile lookups): OK, NOT_FOUND or the error code",
    labelNames: ["source", "code"] as const,
    registers,
  });
  const batchSize = new Histogram({
    name: "profile_upstream_batch_size",
    help: "Ids carried by one upstream call (Tencent IM: accounts per portrait_get)",
    labelNames: ["source"] as const,
    buckets: BATCH_BUCKETS,
    registers,
  });
  const budgetWait = new Histogram({
    name: "profile_budget_wait_seconds",
    help: "Time a call waited for the source's rate budget to grant it a slot",
    labelNames: ["source"] as const,
    buckets: WAIT_BUCKETS,
    registers,
  });
  const queueDepth = new Gauge({
    name: "profile_queue_depth",
    help: "Lookups waiting in the source's queue",
    labelNames: ["source"] as const,
    registers,
  });
  const breaker = new Gauge({
    name: "profile_breaker_state",
    help: "1 for the source breaker's current state (closed, open, half_open), 0 for the others",
    labelNames: ["source", "state"] as const,
    registers,
  });
  const cacheHits = new Counter({
    name: "profile_cache_hits_total",
    help: "Cross-request cache lookups answered from the cache",
    labelNames: ["source"] as const,
    registers,
  });
  const cacheMisses = new Counter({
    name: "profile_cache_misses_total",
    help: "Cross-request cache lookups that had to call the source",
    labelNames: ["source"] as const,
    registers,
  });
  const usable = new Gauge({
    name: "profile_source_usable",
    help: "1 unless the source's answers said its credentials or configuration are refused (see /readyz)",
    labelNames: ["source"] as const,
    registers,
  });
  const graphqlRequests = new Counter({
    name: "profile_graphql_requests_total",
    help: "GraphQL requests by outcome: ok (no error), partial (data and errors), failed (no data)",
    labelNames: ["outcome"] as const,
    registers,
  });
  const graphqlDuration = new Histogram({
    name: "profile_graphql_request_duration_seconds",
    help: "GraphQL request latency, from the parsed request to the response",
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const untrusted = new Counter({
    name: "profile_untrusted_requests_total",
    help: "Requests refused (401) because they did not carry the router's shared secret",
    registers,
  });

  const sources = new Map<SourceName, SourceMetrics>();
  return {
    registry,
    source(source) {
      let metrics = sources.get(source);
      if (metrics) return metrics;
      usable.set({ source }, 1);
      metrics = {
        upstreamCall(operation, outcome, seconds) {
          upstreamCalls.inc({ source, operation, outcome });
          upstreamDuration.observe({ source, operation }, seconds);
        },
        result: (code) => results.inc({ source, code }),
        batchSize: (ids) => batchSize.observe({ source }, ids),
        budgetWait: (seconds) => budgetWait.observe({ source }, seconds),
        queueDepth: (depth) => queueDepth.set({ source }, depth),
        breakerState(state) {
          for (const each of BREAKER_STATES) breaker.set({ source, state: each }, each === state ? 1 : 0);
        },
        cacheHit: () => cacheHits.inc({ source }),
        cacheMiss: () => cacheMisses.inc({ source }),
        usable: (isUsable) => usable.set({ source }, isUsable ? 1 : 0),
      };
      sources.set(source, metrics);
      return metrics;
    },
    graphqlRequest(outcome, seconds) {
      graphqlRequests.inc({ outcome });
      graphqlDuration.observe(seconds);
    },
    untrustedRequest: () => untrusted.inc(),
  };
}

/** Metrics that go nowhere: for clients built outside a server (unit tests, scripts). */
export const noSourceMetrics: SourceMetrics = {
  upstreamCall() {},
  result() {},
  batchSize() {},
  budgetWait() {},
  queueDepth() {},
  breakerState() {},
  cacheHit() {},
  cacheMiss() {},
  usable() {},
};
