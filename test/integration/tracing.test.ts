import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { UsersTencentImDocument } from "../__generated__/graphql.js";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { TRACER_NAME } from "../../src/observability/tracing.js";
import { recordSpans, spanText } from "../support/spans.js";
import { TEST_IM, TEST_QUECTEL, withStack } from "../support/stack.js";

const recorder = recordSpans();
const ids = (count: number) => Array.from({ length: count }, (_, index) => `u${index + 1}`);

describe("OpenTelemetry spans", () => {
  it("one client span per upstream call, with method, host, path and status, and never the query string", async () => {
    await withStack({}, async (stack) => {
      await stack.execute(UsersTencentImDocument, { ids: ids(201) });
      const spans = recorder.spans().filter((span) => span.name === "tencentIm portrait_get");
      expect(spans).toHaveLength(3);
      const imHost = new URL(stack.im.url).host;
      for (const span of spans) {
        expect(span.kind).toBe(SpanKind.CLIENT);
        expect(span.instrumentationScope.name).toBe(TRACER_NAME);
        expect(span.attributes).toEqual({
          "profile.source": "tencentIm",
          "http.request.method": "POST",
          "server.address": imHost,
          "url.path": PORTRAIT_GET_PATH,
          "http.response.status_code": 200,
        });
        expect(span.status.code).toBe(SpanStatusCode.UNSET);
        const text = spanText(span);
        expect(text).not.toMatch(/usersig|sdkappid|identifier=|random=/i);
        expect(text).not.toContain(TEST_IM.secretKey);
      }
    });
  });

  it("names each operation, and keeps the Quectel login's hashed password out", async () => {
    await withStack({}, async (stack) => {
      await stack.execute(parse('{ user(id: "u1") { quectel { nickname } } }'));
      const names = recorder.spans().map((span) => span.name);
      expect(names.sort()).toEqual(["quectel accessKeyLogin", "quectel userInfo"]);
      for (const span of recorder.spans()) {
        expect(spanText(span)).not.toMatch(/password|username|access_key|uid=|Authorization/i);
        expect(spanText(span)).not.toContain(TEST_QUECTEL.accessSecret);
      }
    });
  });

  it("a timed-out call ends its span with an error status that names the kind of failure only", async () => {
    await withStack({ sources: { tencentIm: { timeoutMs: 50 } } }, async (stack) => {
      stack.im.faults.latencyMs = 400;
      await stack.execute(UsersTencentImDocument, { ids: ["u1"] });
      const [span, ...others] = recorder.spans().filter((each) => each.name === "tencentIm portrait_get");
      expect(others).toEqual([]);
      expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: "timeout" });
      expect(span!.attributes["http.response.status_code"]).toBeUndefined();
      expect(span!.events).toEqual([]);
    });
  });
});
