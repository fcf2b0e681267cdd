import { describe, expect, it } from "vitest";
import { ErrorCode, SourceError } from "../../src/errors.js";
import { createServiceMetrics } from "../../src/observability/metrics.js";
import { Readiness } from "../../src/observability/readiness.js";
import { SOURCE_LABELS } from "../../src/providers/registry.js";

const refusal = new SourceError("Quectel refused this service's AccessKey login (code 90047)", {
  code: ErrorCode.SOURCE_UNAVAILABLE,
  source: "quectel",
  providerCode: 90047,
  configuration: true,
});
const timeout = new SourceError("Quectel did not answer in time", {
  code: ErrorCode.SOURCE_TIMEOUT,
  source: "quectel",
  retryable: true,
});

function readiness(requireSources = true) {
  let now = Date.parse("2026-11-25T12:00:00Z");
  const metrics = createServiceMetrics();
  const ready = new Readiness({
    requireSources,
    labels: SOURCE_LABELS,
    metrics,
    clock: { now: () => now },
    holdMs: 60_000,
  });
  return { ready, metrics, advance: (ms: number) => (now += ms) };
}

const usable = async (metrics: ReturnType<typeof createServiceMetrics>, source: string) =>
  (await metrics.registry.getSingleMetric("profile_source_usable")!.get()).values.find(
    (value) => value.labels.source === source,
  )?.value;

describe("readiness", () => {
  it("is not ready while starting, ready once listening, and not ready again from the moment it drains", () => {
    const { ready } = readiness();
    expect(ready.status()).toMatchObject({ ready: false, phase: "starting", reasons: ["starting"] });
    ready.markReady();
    expect(ready.status()).toEqual({ ready: true, phase: "ready", reasons: [], unusableSources: [] });
    ready.drain();
    expect(ready.status()).toMatchObject({ ready: false, phase: "draining" });
    ready.markReady();
    expect(ready.status().phase).toBe("draining");
  });

  it("a source whose vendor refuses this service makes it not ready, with the reason, until the source answers again", async () => {
    const { ready, metrics } = readiness();
    ready.markReady();
    ready.observe("quectel", "SOURCE_TIMEOUT", timeout);
    expect(ready.status().ready).toBe(true);

    ready.observe("quectel", "SOURCE_UNAVAILABLE", refusal);
    const status = ready.status();
    expect(status.ready).toBe(false);
    expect(status.reasons).toEqual([
      "Quectel is unusable: Quectel refused this service's AccessKey login (code 90047)",
    ]);
    expect(status.unusableSources).toEqual([
      { source: "quectel", reason: refusal.message, since: "2026-11-25T12:00:00.000Z" },
    ]);
    expect(await usable(metrics, "quectel")).toBe(0);

    // Another source's trouble, or a caller's, does not clear it; an answer of its own does.
    ready.observe("tencentIm", "OK");
    ready.observe("quectel", "SOURCE_TIMEOUT", timeout);
    expect(ready.status().ready).toBe(false);
    ready.observe("quectel", "NOT_FOUND");
    expect(ready.status()).toMatchObject({ ready: true, unusableSources: [] });
    expect(await usable(metrics, "quectel")).toBe(1);
  });

  it("a vendor that disabled the account makes the source unusable; a source this deployment did not configure does not", () => {
    const { ready } = readiness();
    ready.markReady();
    ready.observe(
      "alipayPlus",
      "SOURCE_DISABLED",
      new SourceError("not configured", { code: ErrorCode.SOURCE_DISABLED, source: "alipayPlus" }),
    );
    expect(ready.status().ready).toBe(true);
    ready.observe(
      "tencentIm",
      "SOURCE_DISABLED",
      new SourceError("Tencent IM application is disabled (code 60016)", {
        code: ErrorCode.SOURCE_DISABLED,
        source: "tencentIm",
        providerCode: 60016,
      }),
    );
    expect(ready.status().reasons).toEqual([
      "Tencent IM is unusable: Tencent IM application is disabled (code 60016)",
    ]);
  });

  it("a refusal holds for a minute without news, so that a replica taken out of rotation is tried again", () => {
    const { ready, advance } = readiness();
    ready.markReady();
    ready.observe("quectel", "SOURCE_UNAVAILABLE", refusal);
    advance(59_999);
    expect(ready.status().ready).toBe(false);
    advance(1);
    expect(ready.status()).toMatchObject({ ready: true, unusableSources: [] });
  });

  it("with READYZ_REQUIRES_SOURCES=false an unusable source is reported but the service stays ready", () => {
    const { ready } = readiness(false);
    ready.markReady();
    ready.observe("quectel", "SOURCE_UNAVAILABLE", refusal);
    expect(ready.status()).toMatchObject({
      ready: true,
      reasons: [],
      unusableSources: [{ source: "quectel", reason: refusal.message }],
    });
  });
});
