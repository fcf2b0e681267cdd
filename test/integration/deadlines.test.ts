import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { USER_INFO_PATH } from "../../src/providers/quectel/client.js";
import { withStack, type Stack } from "../support/stack.js";

/** An upstream that a test scripts request by request, counting what reaches it. */
async function scriptedUpstream(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((close) => close()));
  cleanup = [];
});

async function ask(stack: Stack, query: string) {
  const started = performance.now();
  const response = await fetch(stack.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const result = (await response.json()) as {
    data?: { user?: Record<string, unknown>; users?: Record<string, unknown>[] };
    errors?: { path: unknown[]; message: string; extensions: { code: string } }[];
  };
  return { ...result, ms: performance.now() - started };
}

describe("hard deadlines", () => {
  it("an upstream trickling one byte a second is cut at the source's timeout: SOURCE_TIMEOUT within 1.3 s", async () => {
    const trickle = await scriptedUpstream((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => res.write(" "), 1000);
      res.on("close", () => clearInterval(timer));
    });
    cleanup.push(trickle.close);
    await withStack({ sources: { tencentIm: { baseUrl: trickle.url, timeoutMs: 1000 } } }, async (stack) => {
      const result = await ask(stack, '{ user(id: "u1") { tencentIm { nickname } } }');
      expect(result.errors?.[0]?.extensions.code).toBe("SOURCE_TIMEOUT");
      expect(result.ms).toBeLessThan(1300);
    });
  });

  it("a body larger than UPSTREAM_MAX_RESPONSE_BYTES is refused, not read whole", async () => {
    const huge = await scriptedUpstream((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ErrorCode: 70107, ErrorInfo: "x".repeat(5_000_000) }));
    });
    cleanup.push(huge.close);
    await withStack({ sources: { tencentIm: { baseUrl: huge.url } } }, async (stack) => {
      const result = await ask(stack, '{ user(id: "u1") { tencentIm { nickname } } }');
      expect(result.errors?.[0]?.extensions.code).toBe("SOURCE_UNAVAILABLE");
      expect(result.errors?.[0]?.message).toContain("larger than this service accepts");
      expect(Math.max(...stack.logLines.map((line) => line.length))).toBeLessThan(5000);
    });
  });

  it("a request never waits past REQUEST_TIMEOUT_MS: what is not answered by then is SOURCE_TIMEOUT", async () => {
    await withStack(
      { sources: { quectel: { maxConcurrency: 1 } }, config: { requestTimeoutMs: 1000 } },
      async (stack) => {
        stack.quectel.faults.latencyMs = 200;
        const ids = Array.from({ length: 10 }, (_, index) => `"u${index + 1}"`).join(", ");
        const result = await ask(stack, `{ users(ids: [${ids}]) { quectel { nickname } } }`);
        expect(result.ms).toBeLessThan(1000 + 250);
        // Ten calls one at a time take 2.2 s with the login: the request's own deadline answers first.
        expect(result.data?.users?.map((user) => user.quectel)).toEqual(Array(10).fill(null));
        expect(new Set(result.errors?.map((error) => error.extensions.code))).toEqual(
          new Set(["SOURCE_TIMEOUT"]),
        );
        // The calls still waiting for the one slot when the time was up are never sent: only the one in flight
        // then finishes.
        const sent = () => stack.quectel.stats.get(USER_INFO_PATH).calls;
        await new Promise((resolve) => setTimeout(resolve, 400));
        const afterDeadline = sent();
        await new Promise((resolve) => setTimeout(resolve, 1200));
        expect(sent()).toBe(afterDeadline);
        expect(afterDeadline).toBeLessThan(10);
      },
    );
  });
});

describe("a flood behind the IM budget", () => {
  it("never holds another request past REQUEST_TIMEOUT_MS + 250 ms, however long the queue would let it wait", async () => {
    await withStack(
      {
        sources: { tencentIm: { maxCallsPerSecond: 1, maxQueueWaitMs: 60_000 } },
        config: { requestTimeoutMs: 1000 },
      },
      async (stack) => {
        // 1000 users at one call a second would take ten seconds of budget.
        const ids = Array.from({ length: 1000 }, (_, index) => `"f${index}"`).join(", ");
        const flood = ask(stack, `{ users(ids: [${ids}]) { tencentIm { nickname } } }`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const other = await ask(stack, '{ user(id: "u1") { tencentIm { nickname } } }');
        expect(other.ms).toBeLessThan(1000 + 250);
        expect(other.errors?.[0]?.extensions.code).toBe("SOURCE_TIMEOUT");
        await flood;
      },
    );
  });
});

describe("the circuit breaker of a source", () => {
  it("opens after consecutive failures: calls then fail at once without reaching the source; a probe closes it", async () => {
    let down = true;
    const flaky = await scriptedUpstream((req, res) => {
      if (down) return req.socket.destroy();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ActionStatus: "OK", ErrorCode: 0, UserProfileItem: [] }));
    });
    cleanup.push(flaky.close);
    await withStack(
      {
        sources: { tencentIm: { baseUrl: flaky.url } },
        config: {
          upstream: { maxResponseBytes: 1_048_576, breakerThreshold: 3, breakerHalfOpenAfterMs: 500 },
        },
      },
      async (stack) => {
        for (let call = 0; call < 3; call++) {
          const result = await ask(stack, `{ user(id: "u${call}") { tencentIm { nickname } } }`);
          expect(result.errors?.[0]?.extensions.code).toBe("SOURCE_UNAVAILABLE");
        }
        expect(flaky.requests()).toBe(3);
        const open = await ask(stack, '{ user(id: "u9") { tencentIm { nickname } } }');
        expect(open.errors?.[0]?.extensions.code).toBe("SOURCE_UNAVAILABLE");
        expect(open.errors?.[0]?.message).toContain("circuit breaker open");
        expect(flaky.requests()).toBe(3);

        down = false;
        await new Promise((resolve) => setTimeout(resolve, 600));
        const probe = await ask(stack, '{ user(id: "u1") { tencentIm { nickname } } }');
        expect(probe.errors).toBeUndefined();
        const closed = await ask(stack, '{ user(id: "u2") { tencentIm { nickname } } }');
        expect(closed.errors).toBeUndefined();
        expect(flaky.requests()).toBe(5);
      },
    );
  });
});
