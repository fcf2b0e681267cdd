import axios from "axios";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { viewerHeaders, withStack, type Stack } from "../support/stack.js";

const probe = (stack: Stack, path: "/healthz" | "/readyz") =>
  axios.get(stack.graphqlUrl.replace(/\/graphql$/, path), { validateStatus: () => true });

describe("/healthz and /readyz", () => {
  it("a serving process is alive and ready", async () => {
    await withStack({}, async (stack) => {
      const alive = await probe(stack, "/healthz");
      expect(alive.status).toBe(200);
      expect(alive.data).toEqual({ status: "alive" });
      const ready = await probe(stack, "/readyz");
      expect(ready.status).toBe(200);
      expect(ready.data).toEqual({ ready: true, phase: "ready", reasons: [], unusableSources: [] });
    });
  });

  it("a source whose vendor refuses this service's credentials makes it not ready, with the reason", async () => {
    await withStack(
      { sources: { quectel: { accessSecret: "this-is-not-the-access-secret" } } },
      async (stack) => {
        const result = await stack.execute(
          parse('{ user(id: "u1") { quectel { nickname } tencentIm { nickname } } }'),
        );
        expect(result.errors?.[0]?.extensions).toMatchObject({
          code: "SOURCE_UNAVAILABLE",
          source: "quectel",
        });
        const ready = await probe(stack, "/readyz");
        expect(ready.status).toBe(503);
        expect(ready.data.ready).toBe(false);
        expect(ready.data.reasons).toEqual([
          expect.stringMatching(
            /^Quectel is unusable: Quectel refused this service's AccessKey login \(code \d+\)$/,
          ),
        ]);
        expect(ready.data.unusableSources.map((entry: { source: string }) => entry.source)).toEqual([
          "quectel",
        ]);
        expect(JSON.stringify(ready.data)).not.toContain("this-is-not-the-access-secret");
        // Still alive: restarting it would not fix its configuration.
        expect((await probe(stack, "/healthz")).status).toBe(200);
      },
    );
  });

  it("an unknown OneAccess client id makes it not ready; an expired user session does not", async () => {
    await withStack({ sources: { oneAccess: { clientId: "not-our-client" } } }, async (stack) => {
      await stack.execute(parse("{ me { oneAccess { loginName } } }"), undefined, viewerHeaders("u3"));
      const ready = await probe(stack, "/readyz");
      expect(ready.status).toBe(503);
      expect(ready.data.reasons).toEqual([
        expect.stringMatching(/^Huawei OneAccess is unusable: .*APP\.0006/),
      ]);
    });
    await withStack({}, async (stack) => {
      const result = await stack.execute(
        parse("{ me { oneAccess { loginName } } }"),
        undefined,
        viewerHeaders("u3", { "x-oneaccess-session-token": "oneaccess-session-expired" }),
      );
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect((await probe(stack, "/readyz")).status).toBe(200);
    });
  });

  it("with READYZ_REQUIRES_SOURCES=false the refusal is reported and the service stays ready", async () => {
    await withStack(
      {
        sources: { quectel: { accessSecret: "this-is-not-the-access-secret" } },
        config: { readinessRequiresSources: false },
      },
      async (stack) => {
        await stack.execute(parse('{ user(id: "u1") { quectel { nickname } } }'));
        const ready = await probe(stack, "/readyz");
        expect(ready.status).toBe(200);
        expect(ready.data.unusableSources).toEqual([expect.objectContaining({ source: "quectel" })]);
      },
    );
  });
});
