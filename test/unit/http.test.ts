import http from "node:http";
import type { AddressInfo } from "node:net";
import { SpanStatusCode } from "@opentelemetry/api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { noSourceMetrics, type SourceMetrics } from "../../src/observability/metrics.js";
import {
  buildingClientOf,
  createHttpClient,
  httpStatusError,
  transportError,
  UpstreamCallError,
  type HttpInstrumentation,
} from "../../src/providers/http.js";
import { recordSpans } from "../support/spans.js";

/**
 * The HTTP layer every source's client is built on, over real HTTP against a scripted upstream: the base URL, the
 * kept-alive connections, the total deadline, the breaker, what each call reports, and how failures below the
 * vendor's protocol read in the graph.
 */
type Reply = {
  status?: number;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  trickle?: boolean;
  /** Closes the connection instead of answering. */
  cut?: boolean;
};
let reply: (path: string) => Reply;
let paths: string[] = [];
/** What each call sent: method, content type, accepted types, body. */
let received: {
  method: string;
  contentType: string | undefined;
  accept: string | undefined;
  body: string;
}[] = [];
let connections = 0;
let url: string;

const server = http.createServer((req, res) => {
  paths.push(req.url ?? "");
  const answer = reply(req.url ?? "");
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () =>
    received.push({
      method: req.method ?? "",
      contentType: req.headers["content-type"],
      accept: req.headers.accept,
      body,
    }),
  );
  if (answer.cut) return void req.socket.destroy();
  const send = () => {
    if (answer.trickle) {
      // Headers at once, then a byte every 50 ms for 3 s: never idle long enough for an idle timeout.
      res.writeHead(200, { "content-type": "text/plain" });
      const timer = setInterval(() => res.write("."), 50);
      setTimeout(() => {
        clearInterval(timer);
        res.end();
      }, 3000);
      res.on("close", () => clearInterval(timer));
      return;
    }
    res.writeHead(answer.status ?? 200, {
      "content-type": answer.contentType ?? "application/json",
      ...answer.headers,
    });
    res.end(answer.body ?? "{}");
  };
  if (answer.delayMs) setTimeout(send, answer.delayMs);
  else send();
});
server.on("connection", () => connections++);

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  // The clients' kept-alive connections stay open until their idle timeout: closed here, the file ends at once.
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  reply = () => ({});
  paths = [];
  received = [];
  connections = 0;
});

const spans = recordSpans();

interface Recorded {
  calls: { operation: string; outcome: string; seconds: number }[];
  breaker: string[];
}

function instrumented(limits: Partial<HttpInstrumentation["limits"]> = {}): {
  recorded: Recorded;
  instrumentation: HttpInstrumentation;
} {
  const recorded: Recorded = { calls: [], breaker: [] };
  const metrics: SourceMetrics = {
    ...noSourceMetrics,
    upstreamCall: (operation, outcome, seconds) => recorded.calls.push({ operation, outcome, seconds }),
    breakerState: (state) => recorded.breaker.push(state),
  };
  return {
    recorded,
    instrumentation: {
      source: "quectel",
      metrics,
      limits: { maxResponseBytes: 1024, breakerThreshold: 100, breakerHalfOpenAfterMs: 10_000, ...limits },
    },
  };
}

/** The error a call rejects with. */
const rejection = (call: Promise<unknown>) =>
  call.then(
    () => expect.unreachable("the call should fail"),
    (error: unknown) => {
      expect(error).toBeInstanceOf(UpstreamCallError);
      return error as UpstreamCallError;
    },
  );

describe("the HTTP client of a source", () => {
  it("joins the base URL without its trailing slashes to the call's path", async () => {
    const client = createHttpClient({ baseUrl: `${url}/api//`, timeoutMs: 2000 });
    await client.get("/v1/userInfo?uid=u1");
    await client.get("//v2/x");
    await client.get("v3/y");
    expect(paths).toEqual(["/api/v1/userInfo?uid=u1", "/api/v2/x", "/api/v3/y"]);
  });

  it("keeps connections alive: ten calls one after another reuse the one or two it opened", async () => {
    const client = createHttpClient({ baseUrl: url, timeoutMs: 2000 });
    for (let call = 0; call < 10; call++) await client.get("/x");
    expect(paths).toHaveLength(10);
    // The pool may open a second connection while the first finishes reading its answer, and then reuses both.
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(connections).toBeLessThanOrEqual(2);
  });

  it("adds the parameters to the path's own query, encoded", async () => {
    const client = createHttpClient({ baseUrl: url, timeoutMs: 2000 });
    await client.get("/a?x=1", { params: { uid: "u 1&2", empty: "" } });
    await client.get("/b", { params: { uid: "u1" } });
    expect(paths).toEqual(["/a?x=1&uid=u+1%262&empty=", "/b?uid=u1"]);
  });

  it("sends an object as JSON, a string as it is with the caller's content type; accepts JSON unless told", async () => {
    const client = createHttpClient({ baseUrl: url, timeoutMs: 2000 });
    await client.post("/json", { To_Account: ["u1"] });
    await client.get("/get");
    await client.post("/text", '{"signed":true}', {
      headers: { "Content-Type": "text/plain; charset=UTF-8", Accept: "application/json" },
    });
    expect(received).toEqual([
      {
        method: "POST",
        contentType: "application/json",
        accept: "application/json, text/plain, */*",
        body: '{"To_Account":["u1"]}',
      },
      { method: "GET", contentType: undefined, accept: "application/json, text/plain, */*", body: "" },
      {
        method: "POST",
        contentType: "text/plain; charset=UTF-8",
        accept: "application/json",
        body: '{"signed":true}',
      },
    ]);
  });

  it("reads JSON where the body is JSON, else the text as it came; `text` keeps the text", async () => {
    const client = createHttpClient({ baseUrl: url, timeoutMs: 2000 });
    reply = () => ({ body: '{"code":200}', headers: { signature: "s1" } });
    const json = await client.get("/a");
    expect(json).toMatchObject({ status: 200, data: { code: 200 } });
    expect(json.headers.signature).toBe("s1");
    expect((await client.get("/a", { text: true })).data).toBe('{"code":200}');
    reply = () => ({ status: 502, body: "<html>Bad gateway</html>", contentType: "text/html" });
    expect(await client.get("/a")).toMatchObject({ status: 502, data: "<html>Bad gateway</html>" });
    reply = () => ({ body: "" });
    expect((await client.get("/a")).data).toBe("");
  });

  it("never follows a redirect: the 3xx is the answer", async () => {
    reply = (path) => (path === "/moved" ? { status: 302, headers: { location: `${url}/elsewhere` } } : {});
    const client = createHttpClient({ baseUrl: url, timeoutMs: 2000 });
    expect((await client.get("/moved")).status).toBe(302);
    expect(paths).toEqual(["/moved"]);
  });

  it("ends a call at its total deadline even while the upstream keeps sending", async () => {
    reply = () => ({ trickle: true });
    const client = createHttpClient({ baseUrl: url, timeoutMs: 300 });
    const started = Date.now();
    const error = await rejection(client.get("/slow"));
    expect(Date.now() - started).toBeLessThan(2500);
    expect(transportError(error, "quectel", "Quectel").message).toBe("Quectel did not answer in time");
  });

  it("ends a call when the caller's own signal aborts, before the deadline", async () => {
    reply = () => ({ delayMs: 1500 });
    const client = createHttpClient({ baseUrl: url, timeoutMs: 5000 });
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 50);
    const started = Date.now();
    const error = await rejection(client.get("/slow", { signal: caller.signal }));
    expect(Date.now() - started).toBeLessThan(1200);
    expect(error.code).toBe("ERR_CANCELED");
  });

  it("refuses a body larger than the limit as such", async () => {
    reply = () => ({ body: JSON.stringify({ data: "x".repeat(4096) }) });
    const { instrumentation } = instrumented();
    const client = createHttpClient({ baseUrl: url, timeoutMs: 2000, instrumentation });
    const refused = await rejection(client.get("/big"));
    expect([refused.kind, refused.code]).toEqual(["too-large", "ERR_TOO_LARGE"]);
    const error = transportError(refused, "quectel", "Quectel");
    expect(error.message).toBe("Quectel sent an answer larger than this service accepts");
    expect(error.extensions).toEqual({ code: "SOURCE_UNAVAILABLE", source: "quectel", retryable: false });
  });
});

describe("the breaker of a source", () => {
  it("opens after the threshold of consecutive 5xx answers, fails calls at once, and a probe closes it", async () => {
    const { instrumentation, recorded } = instrumented({ breakerThreshold: 2, breakerHalfOpenAfterMs: 200 });
    const client = createHttpClient({ baseUrl: url, timeoutMs: 2000, instrumentation });
    reply = () => ({ status: 500 });
    expect((await client.get("/a")).status).toBe(500);
    expect((await client.get("/a")).status).toBe(500);
    expect(recorded.breaker).toEqual(["open"]);
    const refused = await rejection(client.get("/a"));
    expect(paths).toHaveLength(2);
    const error = transportError(refused, "quectel", "Quectel");
    expect(error.message).toBe(
      "Quectel is failing: its calls are suspended for a while (circuit breaker open)",
    );
    expect(error.extensions).toEqual({ code: "SOURCE_UNAVAILABLE", source: "quectel", retryable: true });

    await new Promise((resolve) => setTimeout(resolve, 250));
    reply = () => ({ status: 200 });
    expect((await client.get("/a")).status).toBe(200);
    expect(recorded.breaker).toEqual(["open", "half_open", "closed"]);
    expect(paths).toHaveLength(3);
  });

  it("counts calls that get no answer, but not a vendor's 4xx answers or 499", async () => {
    const { instrumentation, recorded } = instrumented({ breakerThreshold: 2 });
    const answering = createHttpClient({ baseUrl: url, timeoutMs: 2000, instrumentation });
    reply = () => ({ status: 404 });
    for (let call = 0; call < 3; call++) await answering.get("/a");
    reply = () => ({ status: 499 });
    for (let call = 0; call < 3; call++) await answering.get("/a");
    expect(recorded.breaker).toEqual([]);

    const unreachable = instrumented({ breakerThreshold: 2 });
    // The discard port: nothing listens there.
    const closed = createHttpClient({
      baseUrl: "http://127.0.0.1:9",
      timeoutMs: 2000,
      instrumentation: unreachable.instrumentation,
    });
    for (const expected of ["ECONNREFUSED", "ECONNREFUSED", "ERR_CIRCUIT_OPEN"]) {
      expect((await rejection(closed.get("/a"))).code).toBe(expected);
    }
    expect(unreachable.recorded.breaker).toEqual(["open"]);

    // Without instrumentation: the default threshold, and nowhere to report the state.
    const bare = createHttpClient({ baseUrl: "http://127.0.0.1:9", timeoutMs: 2000 });
    const codes: (string | undefined)[] = [];
    for (let call = 0; call < 6; call++) codes.push((await rejection(bare.get("/a"))).code);
    expect(codes).toEqual([...Array<string>(5).fill("ECONNREFUSED"), "ERR_CIRCUIT_OPEN"]);
  });
});

describe("what each call reports", () => {
  it("counts every call by operation and outcome, with its duration in seconds", async () => {
    const { instrumentation, recorded } = instrumented();
    const client = createHttpClient({ baseUrl: `${url}/api/`, timeoutMs: 300, instrumentation });
    for (const [status, path] of [
      [200, "/v1/userInfo?uid=u1"],
      [302, "/v1/userInfo"],
      [400, "/v1/userInfo"],
      [499, "/v1/userInfo"],
      [500, "/v1/userInfo"],
    ] as const) {
      reply = () => ({ status, delayMs: status === 200 ? 100 : 0 });
      await client.get(path);
    }
    reply = () => ({ trickle: true });
    await rejection(client.get("/v1/slow"));
    expect(recorded.calls.map(({ operation, outcome }) => [operation, outcome])).toEqual([
      ["userInfo", "ok"],
      ["userInfo", "ok"],
      ["userInfo", "http_4xx"],
      ["userInfo", "http_4xx"],
      ["userInfo", "http_5xx"],
      ["slow", "timeout"],
    ]);
    expect(recorded.calls[0]!.seconds).toBeGreaterThanOrEqual(0.09);
    expect(recorded.calls[0]!.seconds).toBeLessThan(2);
    expect(recorded.calls[5]!.seconds).toBeGreaterThanOrEqual(0.25);
    expect(recorded.calls[5]!.seconds).toBeLessThan(2.5);

    const unreachable = instrumented();
    const closed = createHttpClient({
      baseUrl: "http://127.0.0.1:9",
      timeoutMs: 2000,
      instrumentation: unreachable.instrumentation,
    });
    await rejection(closed.get("/v1/userInfo"));
    expect(unreachable.recorded.calls.map((call) => call.outcome)).toEqual(["network_error"]);
  });

  it("reads the deadline and the caller's abort as a timeout; a cut or refused connection as a network error", async () => {
    const { instrumentation, recorded } = instrumented();
    const client = createHttpClient({ baseUrl: url, timeoutMs: 300, instrumentation });
    reply = () => ({ trickle: true });
    const late = await rejection(client.get("/v1/slow"));
    reply = () => ({ delayMs: 1000 });
    const aborted = await rejection(client.get("/v1/slow", { signal: AbortSignal.timeout(50) }));
    reply = () => ({ cut: true });
    const cut = await rejection(client.get("/v1/cut"));
    const closed = createHttpClient({ baseUrl: "http://127.0.0.1:9", timeoutMs: 2000, instrumentation });
    const refused = await rejection(closed.get("/v1/refused"));
    // The message names the code alone, never the URL.
    expect(refused).toMatchObject({
      name: "UpstreamCallError",
      message: "the upstream call failed (ECONNREFUSED)",
    });
    expect([late, aborted, cut, refused].map(({ kind, code }) => [kind, code])).toEqual([
      ["timeout", "ETIMEDOUT"],
      ["timeout", "ERR_CANCELED"],
      ["network", "ECONNRESET"],
      ["network", "ECONNREFUSED"],
    ]);
    expect(recorded.calls.map((call) => call.outcome)).toEqual([
      "timeout",
      "timeout",
      "network_error",
      "network_error",
    ]);
  });

  it("labels a call by its path's last segment, or `other` when that is no label", async () => {
    const { instrumentation, recorded } = instrumented();
    const client = createHttpClient({ baseUrl: url, timeoutMs: 2000, instrumentation });
    for (const path of [
      "/",
      "/v1/a b",
      `/v1/${"x".repeat(65)}`,
      "/v1/ok.name-1/",
      "/abs/portrait_get/?q=1",
    ]) {
      await client.get(path);
    }
    expect(recorded.calls.map((call) => call.operation)).toEqual([
      "other",
      "other",
      "other",
      "ok.name-1",
      "portrait_get",
    ]);
  });

  it("traces a call with its method, host, path without the query, status and outcome", async () => {
    const { instrumentation } = instrumented();
    const client = createHttpClient({ baseUrl: `${url}/api///`, timeoutMs: 2000, instrumentation });
    reply = () => ({ status: 503 });
    await client.post("/v4/profile/portrait_get?usersig=secret", {});
    await client.get("/elsewhere/users:batchGet/?uid=u1#top");
    const [post, get] = spans.spans();
    expect(post!.name).toBe("quectel portrait_get");
    expect(post!.attributes).toEqual({
      "profile.source": "quectel",
      "http.request.method": "POST",
      "server.address": new URL(url).host,
      "url.path": "/api/v4/profile/portrait_get",
      "http.response.status_code": 503,
    });
    expect(post!.status).toEqual({ code: SpanStatusCode.ERROR, message: "http_5xx" });
    expect(get!.name).toBe("quectel other");
    expect(get!.attributes).toMatchObject({
      "http.request.method": "GET",
      "url.path": "/api/elsewhere/users:batchGet/",
    });
  });

  it("traces a call that got no answer without a status", async () => {
    const { instrumentation } = instrumented();
    const closed = createHttpClient({ baseUrl: "http://127.0.0.1:9/api/", timeoutMs: 2000, instrumentation });
    await rejection(closed.get("/v1/userInfo"));
    const [refused] = spans.spans();
    expect(refused!.attributes).toStrictEqual({
      "profile.source": "quectel",
      "http.request.method": "GET",
      "server.address": "127.0.0.1:9",
      "url.path": "/api/v1/userInfo",
    });
    expect(refused!.status).toEqual({ code: SpanStatusCode.ERROR, message: "network_error" });
  });

  it("a client built inside buildingClientOf reports to that source without being told", async () => {
    const { instrumentation, recorded } = instrumented();
    const client = buildingClientOf(instrumentation, () =>
      createHttpClient({ baseUrl: url, timeoutMs: 2000 }),
    );
    await client.get("/v1/userInfo");
    const outside = createHttpClient({ baseUrl: url, timeoutMs: 2000 });
    await outside.get("/v1/userInfo");
    expect(recorded.calls.map((call) => call.operation)).toEqual(["userInfo"]);
  });
});

describe("failures below the vendor's protocol, as the graph reads them", () => {
  it("a timeout or an abort: SOURCE_TIMEOUT, retryable", () => {
    for (const code of ["ETIMEDOUT", "ERR_CANCELED"]) {
      const error = transportError(new UpstreamCallError("timeout", code), "tencentIm", "Tencent IM");
      expect(error.message, code).toBe("Tencent IM did not answer in time");
      expect(error.extensions, code).toEqual({
        code: "SOURCE_TIMEOUT",
        source: "tencentIm",
        retryable: true,
      });
    }
  });

  it("a network failure: SOURCE_UNAVAILABLE, retryable, naming the code alone", () => {
    expect(
      transportError(new UpstreamCallError("network", "ECONNRESET"), "tencentIm", "Tencent IM"),
    ).toMatchObject({
      message: "Tencent IM could not be reached (ECONNRESET)",
      extensions: { code: "SOURCE_UNAVAILABLE", source: "tencentIm", retryable: true },
    });
  });

  it("an open breaker is retryable; a body over the limit is not", () => {
    expect(
      transportError(new UpstreamCallError("circuit-open", "ERR_CIRCUIT_OPEN"), "quectel", "Quectel"),
    ).toMatchObject({
      message: "Quectel is failing: its calls are suspended for a while (circuit breaker open)",
      extensions: { code: "SOURCE_UNAVAILABLE", source: "quectel", retryable: true },
    });
    expect(
      transportError(new UpstreamCallError("too-large", "ERR_TOO_LARGE"), "quectel", "Quectel"),
    ).toMatchObject({
      message: "Quectel sent an answer larger than this service accepts",
      extensions: { code: "SOURCE_UNAVAILABLE", source: "quectel", retryable: false },
    });
  });

  it("an error that is not a failed call's: SOURCE_UNAVAILABLE, not retryable, without its message", () => {
    const error = transportError(new Error("secret detail"), "quectel", "Quectel");
    expect(error.message).toBe("Quectel failed unexpectedly");
    expect(error.extensions).toEqual({ code: "SOURCE_UNAVAILABLE", source: "quectel", retryable: false });
  });

  it("a bare HTTP status: 429 is rate limiting, 5xx retryable, 4xx not", () => {
    expect(httpStatusError(429, "quectel", "Quectel").extensions).toEqual({
      code: "SOURCE_RATE_LIMITED",
      source: "quectel",
      providerCode: 429,
      retryable: true,
    });
    expect(httpStatusError(500, "quectel", "Quectel").extensions?.retryable).toBe(true);
    expect(httpStatusError(499, "quectel", "Quectel").extensions?.retryable).toBe(false);
  });
});
