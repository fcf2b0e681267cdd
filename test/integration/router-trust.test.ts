import { Trace } from "@apollo/usage-reporting-protobuf";
import axios from "axios";
import { describe, expect, it } from "vitest";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { scrape } from "../support/prometheus.js";
import { withStack, type Stack } from "../support/stack.js";

const SECRET = "router-shared-secret-0123456789abcdef";
const QUERY = { query: '{ user(id: "u1") { tencentIm { nickname } } }' };

const post = (stack: Stack, headers: Record<string, string>) =>
  axios.post(stack.graphqlUrl, QUERY, {
    headers: { "content-type": "application/json", ...headers },
    validateStatus: () => true,
  });

describe("router trust", () => {
  it("with ROUTER_SHARED_SECRET set, a request without the header gets 401 and makes no upstream call", async () => {
    const router = { sharedSecret: SECRET, secretHeader: "x-router-secret" };
    await withStack({ config: { router } }, async (stack) => {
      const wrong: Record<string, string>[] = [
        {},
        { "x-router-secret": "nope" },
        { "x-router-secret": `${SECRET}x` },
      ];
      for (const headers of wrong) {
        const refused = await post(stack, headers);
        expect(refused.status).toBe(401);
        expect(refused.data.errors[0].extensions.code).toBe("UNAUTHENTICATED");
        expect(refused.data.data).toBeUndefined();
      }
      expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(0);
      expect((await scrape(stack.graphqlUrl)).value("profile_untrusted_requests_total")).toBe(3);

      const trusted = await post(stack, { "x-router-secret": SECRET });
      expect(trusted.status).toBe(200);
      expect(trusted.data).toEqual({ data: { user: { tencentIm: { nickname: expect.any(String) } } } });
      expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(1);
      expect(stack.logLines.join("\n")).not.toContain(SECRET);
    });
  });

  it("the header's name is configurable", async () => {
    const router = { sharedSecret: SECRET, secretHeader: "x-gateway-token" };
    await withStack({ config: { router } }, async (stack) => {
      expect((await post(stack, { "x-router-secret": SECRET })).status).toBe(401);
      expect((await post(stack, { "x-gateway-token": SECRET })).status).toBe(200);
    });
  });

  it("an inline trace carries a field's error masked: neither its words nor its extensions", async () => {
    await withStack({ config: { production: false } }, async (stack) => {
      stack.im.faults.callErrorCode = 70107;
      const answer = await post(stack, { "apollo-federation-include-trace": "ftv1" });
      expect(answer.data.errors[0]).toMatchObject({ extensions: { code: "SOURCE_UNAVAILABLE" } });
      const trace = Trace.decode(Buffer.from(String(answer.data.extensions.ftv1), "base64"));
      const errors: Trace.IError[] = [];
      const walk = (node: Trace.INode | null | undefined) => {
        errors.push(...(node?.error ?? []));
        for (const child of node?.child ?? []) walk(child);
      };
      walk(trace.root);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toBe("<masked>");
      expect(errors[0]!.json ?? "").not.toMatch(/Tencent|SOURCE_UNAVAILABLE|70107/);
      // The service's own plugin, not one Apollo Server installed by itself (it would say so in the log).
      expect(stack.logLines.join("\n")).not.toContain("Enabling inline tracing");
    });
  });

  it("inline ftv1 traces go to trusted requests only: the router's with a secret, nobody's in production without one", async () => {
    const asksForTrace = { "apollo-federation-include-trace": "ftv1" };
    const router = { sharedSecret: SECRET, secretHeader: "x-router-secret" };
    await withStack({ config: { router, production: true } }, async (stack) => {
      const trusted = await post(stack, { ...asksForTrace, "x-router-secret": SECRET });
      expect(typeof trusted.data.extensions?.ftv1).toBe("string");
    });
    await withStack(
      { config: { router: { sharedSecret: null, secretHeader: "x-router-secret" }, production: true } },
      async (stack) => {
        const anyone = await post(stack, asksForTrace);
        expect(anyone.status).toBe(200);
        expect(anyone.data.extensions?.ftv1).toBeUndefined();
      },
    );
    await withStack(
      { config: { router: { sharedSecret: null, secretHeader: "x-router-secret" }, production: false } },
      async (stack) => {
        const developer = await post(stack, asksForTrace);
        expect(typeof developer.data.extensions?.ftv1).toBe("string");
      },
    );
  });
});
