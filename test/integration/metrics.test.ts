import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { UsersTencentImDocument } from "../__generated__/graphql.js";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { scrape } from "../support/prometheus.js";
import { withStack } from "../support/stack.js";

const ids = (count: number, prefix = "u") =>
  Array.from({ length: count }, (_, index) => `${prefix}${index + 1}`);

describe("/metrics", () => {
  it("after a query, counts the IM calls and their latencies exactly, and each field's result", async () => {
    await withStack({}, async (stack) => {
      stack.im.faults.latencyMs = 30;
      const result = await stack.execute(UsersTencentImDocument, { ids: [...ids(250), "nobody-1"] });
      expect(result.errors).toBeUndefined();
      expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(3);

      const metrics = await scrape(stack.graphqlUrl);
      expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      const call = { source: "tencentIm", operation: "portrait_get" };
      expect(metrics.value("profile_upstream_calls_total", { ...call, outcome: "ok" })).toBe(3);
      expect(metrics.value("profile_upstream_call_duration_seconds_count", call)).toBe(3);
      // Each call took at least the emulator's 30 ms: none is in the buckets below it, all are in the last.
      expect(metrics.value("profile_upstream_call_duration_seconds_bucket", { ...call, le: "0.025" })).toBe(
        0,
      );
      expect(metrics.value("profile_upstream_call_duration_seconds_bucket", { ...call, le: "+Inf" })).toBe(3);
      expect(metrics.value("profile_upstream_call_duration_seconds_sum", call)).toBeGreaterThanOrEqual(0.09);
      expect(metrics.value("profile_source_results_total", { source: "tencentIm", code: "OK" })).toBe(250);
      expect(metrics.value("profile_source_results_total", { source: "tencentIm", code: "NOT_FOUND" })).toBe(
        1,
      );
      expect(metrics.value("profile_graphql_requests_total", { outcome: "ok" })).toBe(1);
      expect(metrics.value("profile_graphql_request_duration_seconds_count")).toBe(1);
      // In seconds: at least the emulator's 30 ms, and far less than the test's own time.
      const requestSeconds = metrics.value("profile_graphql_request_duration_seconds_sum") ?? NaN;
      expect(requestSeconds).toBeGreaterThanOrEqual(0.03);
      expect(requestSeconds).toBeLessThan(10);
      // No other source was asked.
      expect(
        metrics.value("profile_upstream_calls_total", { source: "quectel", outcome: "ok" }),
      ).toBeUndefined();
      expect(metrics.value("profile_source_usable", { source: "tencentIm" })).toBe(1);
    });
  });

  it("reports the IM batcher: accounts per call, budget waits, and the cache's hits and misses", async () => {
    await withStack({ sources: { tencentIm: { cacheTtlMs: 60_000 } } }, async (stack) => {
      await stack.execute(UsersTencentImDocument, { ids: ids(250) });
      await stack.execute(UsersTencentImDocument, { ids: ids(120) });
      const metrics = await scrape(stack.graphqlUrl);
      const im = { source: "tencentIm" };
      expect(metrics.value("profile_upstream_batch_size_count", im)).toBe(3);
      expect(metrics.value("profile_upstream_batch_size_sum", im)).toBe(250);
      expect(metrics.value("profile_budget_wait_seconds_count", im)).toBe(3);
      expect(metrics.value("profile_cache_misses_total", im)).toBe(250);
      expect(metrics.value("profile_cache_hits_total", im)).toBe(120);
    });
  });

  it("names each operation of a source (Quectel: the login, then one userInfo per user)", async () => {
    await withStack({}, async (stack) => {
      const result = await stack.execute(
        parse('{ users(ids: ["u1", "u2", "u3"]) { quectel { nickname } } }'),
      );
      expect(result.errors).toBeUndefined();
      const metrics = await scrape(stack.graphqlUrl);
      const quectel = (operation: string) =>
        metrics.value("profile_upstream_calls_total", { source: "quectel", operation, outcome: "ok" });
      expect(quectel("accessKeyLogin")).toBe(1);
      expect(quectel("userInfo")).toBe(3);
    });
  });

  it("records a timeout as such, in the calls and in the fields' results", async () => {
    await withStack({ sources: { tencentIm: { timeoutMs: 50 } } }, async (stack) => {
      stack.im.faults.latencyMs = 400;
      const result = await stack.execute(UsersTencentImDocument, { ids: ["u1"] });
      expect(result.errors?.[0]?.extensions?.code).toBe("SOURCE_TIMEOUT");
      const metrics = await scrape(stack.graphqlUrl);
      const call = { source: "tencentIm", operation: "portrait_get" };
      expect(metrics.value("profile_upstream_calls_total", { ...call, outcome: "timeout" })).toBe(1);
      expect(metrics.value("profile_upstream_calls_total", { ...call, outcome: "ok" })).toBeUndefined();
      expect(
        metrics.value("profile_source_results_total", { source: "tencentIm", code: "SOURCE_TIMEOUT" }),
      ).toBe(1);
      expect(metrics.value("profile_graphql_requests_total", { outcome: "partial" })).toBe(1);
    });
  });

  it("counts a request that gave no data at all as failed", async () => {
    await withStack({}, async (stack) => {
      const result = await stack.execute(parse("{ noSuchField }"));
      expect(result.data).toBeUndefined();
      const metrics = await scrape(stack.graphqlUrl);
      expect(metrics.value("profile_graphql_requests_total", { outcome: "failed" })).toBe(1);
      expect(metrics.value("profile_graphql_requests_total", { outcome: "ok" })).toBeUndefined();
    });
  });
});
