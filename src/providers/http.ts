import { performance } from "node:perf_hooks";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from "cockatiel";
import { Agent, request } from "undici";
import { ErrorCode, SourceError, type SourceName } from "../errors.js";
import type { SourceMetrics, UpstreamOutcome } from "../observability/metrics.js";
import { tracer } from "../observability/tracing.js";

/** Where the calls of one source's HTTP client are reported, and the limits they keep. */
export interface HttpInstrumentation {
  source: SourceName;
  metrics: SourceMetrics;
  limits?: UpstreamLimits;
}

/** What every upstream call of a source is held to (service-wide settings, see src/config.ts). */
export interface UpstreamLimits {
  /** A response body larger than this is refused (SOURCE_UNAVAILABLE), never read whole. */
  maxResponseBytes: number;
  /** Consecutive failed calls (network errors, timeouts, 5xx) that open the source's breaker. */
  breakerThreshold: number;
  /** How long an open breaker fails calls at once before it lets one probe through. */
  breakerHalfOpenAfterMs: number;
}

/** Every default of the upstream limits, in one place. */
export const UPSTREAM_DEFAULTS: UpstreamLimits = {
  maxResponseBytes: 1_048_576,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 10_000,
};

/** Connections kept per upstream origin (calls beyond them wait for one). */
const CONNECTIONS_PER_ORIGIN = 64;

export interface HttpClientOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Where calls are reported; by default, the source whose client is being built (see `buildingClientOf`). */
  instrumentation?: HttpInstrumentation;
}

/** What a provider's client says of one call besides its method, path and body. */
export interface HttpCallOptions {
  /** Query parameters, added to those the path has. */
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** The caller's own end to the call, besides its deadline. */
  signal?: AbortSignal;
  /** The body as the text that came (a signature covers its bytes), instead of JSON wherever it parses. */
  text?: boolean;
}

/** An upstream's answer, whatever its status: each client reads the vendor's envelope itself. */
export interface HttpResponse<Data> {
  status: number;
  /** The body: its JSON when it parses as JSON (unless `text` was asked), else its text. */
  data: Data;
  /** The response's headers, their names in lower case. */
  headers: Record<string, string | string[] | undefined>;
}

/** The HTTP client of one upstream (see `createHttpClient`). */
export interface HttpClient {
  get<Data = unknown>(path: string, options?: HttpCallOptions): Promise<HttpResponse<Data>>;
  /** `body`: a string is sent as it is, anything else as JSON. */
  post<Data = unknown>(path: string, body: unknown, options?: HttpCallOptions): Promise<HttpResponse<Data>>;
}

/** How a call that got no usable answer failed. */
export type UpstreamFailure = "timeout" | "circuit-open" | "too-large" | "network";

/**
 * A call that got no usable answer. `code` names the failure (`ETIMEDOUT` for the call's deadline,
 * `ERR_CANCELED` for the caller's abort, `ERR_CIRCUIT_OPEN`, or the network's own code such as `ECONNREFUSED`);
 * the message never quotes the URL, where some vendors carry credentials.
 */
export class UpstreamCallError extends Error {
  constructor(
    readonly kind: UpstreamFailure,
    readonly code: string,
  ) {
    super(`the upstream call failed (${code})`);
    this.name = "UpstreamCallError";
  }
}

/** The source whose client is being built, while `buildingClientOf` runs. */
let building: HttpInstrumentation | undefined;

/**
 * Builds a source's client with every HTTP client it creates (through `createHttpClient`) reporting to that
 * source's metrics and spans. `createSourceClients` builds every client this way, so each provider's calls are
 * measured and traced here, once for all of them, without the providers passing anything along. Clients create
 * their HTTP clients in their constructors, synchronously: a plain variable is enough (an AsyncLocalStorage
 * would put a hook on every promise of the process for as long as it lives).
 */
export function buildingClientOf<Client>(instrumentation: HttpInstrumentation, build: () => Client): Client {
  const outer = building;
  building = instrumentation;
  try {
    return build();
  } finally {
    building = outer;
  }
}

/**
 * One client per upstream, on undici (Node's own HTTP client library): kept-alive connections so that a burst of
 * calls reuses them, a deadline on every call, a bound on the body, no redirect followed (a vendor API never
 * redirects; a redirect is a proxy or a misconfiguration, and would carry the credentials) and no proxy read from
 * the environment. Statuses are not turned into exceptions: each client reads the vendor's envelope itself, since
 * several vendors answer errors with 200 or 400 and a body that says more. Every call is counted, timed and
 * traced, and passes the source's circuit breaker.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseURL = options.baseUrl.replace(/\/+$/, "");
  const instrumentation = options.instrumentation ?? building;
  const limits = instrumentation?.limits ?? UPSTREAM_DEFAULTS;
  // No idle limits of its own: the call's deadline below ends every call sooner.
  const dispatcher = new Agent({
    connections: CONNECTIONS_PER_ORIGIN,
    maxResponseSize: limits.maxResponseBytes,
  });
  const send = async (
    method: "GET" | "POST",
    url: string,
    body: unknown,
    callOptions: HttpCallOptions,
  ): Promise<HttpResponse<unknown>> => {
    // A total deadline, over connecting, the headers and the whole body: an upstream trickling a byte a second is
    // cut as surely as a silent one. Its timer is cleared when the call ends (AbortSignal.timeout's would stay
    // pending, with its signal, for the whole timeout after every call).
    const expiry = new AbortController();
    const timer = setTimeout(() => expiry.abort(), options.timeoutMs).unref();
    const deadline = expiry.signal;
    const signal = callOptions.signal ? AbortSignal.any([callOptions.signal, deadline]) : deadline;
    const headers: Record<string, string> = { ...callOptions.headers };
    // What axios, the client before this one, said by default: vendor gateways have only ever seen that.
    setUnlessGiven(headers, "accept", "application/json, text/plain, */*");
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === "string" ? body : JSON.stringify(body);
      setUnlessGiven(headers, "content-type", "application/json");
    }
    try {
      const response = await request(url, { method, headers, body: payload, signal, dispatcher });
      const text = await response.body.text();
      return {
        status: response.statusCode,
        headers: response.headers,
        data: callOptions.text ? text : parsedOrText(text),
      };
    } catch (error) {
      throw failureOf(error, callOptions.signal, deadline);
    } finally {
      clearTimeout(timer);
    }
  };
  const guarded = withBreaker(send, limits, instrumentation?.metrics);
  const track = instrumentation ? tracking(baseURL, instrumentation) : null;
  const call = (method: "GET" | "POST", path: string, body: unknown, callOptions: HttpCallOptions = {}) => {
    const url = urlOf(baseURL, path, callOptions.params);
    const work = guarded(method, url, body, callOptions);
    return (track ? track(method, path, work) : work) as Promise<HttpResponse<never>>;
  };
  return {
    get: (path, callOptions) => call("GET", path, undefined, callOptions),
    post: (path, body, callOptions) => call("POST", path, body, callOptions),
  };
}

/** Sets a header the caller did not set, in whatever case the caller would have written it. */
function setUnlessGiven(headers: Record<string, string>, name: string, value: string): void {
  if (!Object.keys(headers).some((given) => given.toLowerCase() === name)) headers[name] = value;
}

/** JSON when the text is JSON, else the text as it came (a gateway's HTML page, an empty body). */
function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The call's URL: the base URL (without its trailing slashes), the path, and the parameters added to its query. */
function urlOf(baseURL: string, path: string, params: Record<string, string> | undefined): string {
  const url = `${baseURL}/${path.replace(/^\/+/, "")}`;
  if (!params) return url;
  const query = new URLSearchParams(params).toString();
  return query ? `${url}${url.includes("?") ? "&" : "?"}${query}` : url;
}

/** What a failed call comes to: the caller's abort, the deadline, the body limit, the network. */
function failureOf(
  error: unknown,
  callerSignal: AbortSignal | undefined,
  deadline: AbortSignal,
): UpstreamCallError {
  if (callerSignal?.aborted) return new UpstreamCallError("timeout", "ERR_CANCELED");
  if (deadline.aborted) return new UpstreamCallError("timeout", "ETIMEDOUT");
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      // undici's own connect limit (10 s), for a deadline longer than that.
      return new UpstreamCallError("timeout", "ETIMEDOUT");
    case "UND_ERR_RES_EXCEEDED_MAX_SIZE":
      return new UpstreamCallError("too-large", "ERR_TOO_LARGE");
    case "UND_ERR_SOCKET":
      // The upstream closed the connection before its answer was whole: said with the network's usual word.
      return new UpstreamCallError("network", "ECONNRESET");
    default:
      // The network's own code (ECONNREFUSED, ENOTFOUND, …).
      return new UpstreamCallError("network", typeof code === "string" ? code : "network error");
  }
}

type Send = (
  method: "GET" | "POST",
  url: string,
  body: unknown,
  callOptions: HttpCallOptions,
) => Promise<HttpResponse<unknown>>;

/**
 * A circuit breaker per source (cockatiel): after `breakerThreshold` consecutive failed calls (no answer, a
 * timeout, a 5xx) calls fail at once without reaching the source, until `breakerHalfOpenAfterMs` has passed; then
 * one call probes, and its success closes the breaker again. A vendor's own error answer (a 4xx, or an error code
 * in a 200) is an answer, not a failure.
 */
function withBreaker(send: Send, limits: UpstreamLimits, metrics?: SourceMetrics): Send {
  const breaker = circuitBreaker(
    handleWhen((error) => !(error instanceof BrokenCircuitError)).orWhenResult(
      (response) => (response as HttpResponse<unknown>).status >= 500,
    ),
    {
      halfOpenAfter: limits.breakerHalfOpenAfterMs,
      breaker: new ConsecutiveBreaker(limits.breakerThreshold),
    },
  );
  breaker.onStateChange((state) =>
    metrics?.breakerState(
      state === CircuitState.Open || state === CircuitState.Isolated
        ? "open"
        : state === CircuitState.HalfOpen
          ? "half_open"
          : "closed",
    ),
  );
  return async (...args) => {
    try {
      return await breaker.execute(() => send(...args));
    } catch (error) {
      if (!(error instanceof BrokenCircuitError)) throw error;
      throw new UpstreamCallError("circuit-open", "ERR_CIRCUIT_OPEN");
    }
  };
}

/** Paths of one client whose labels are kept (see `tracking`). */
const MAX_KNOWN_PATHS = 64;

/**
 * Counts, times and traces every call of a client. What is recorded is chosen so that nothing secret can get in:
 * the operation is the path's last segment, the span has the method, host, path (never the query string, where
 * Tencent IM carries the UserSig) and status, and a failure is described by its kind only.
 */
function tracking(baseURL: string, { source, metrics }: HttpInstrumentation) {
  const host = hostOf(baseURL);
  const basePath = pathOf(baseURL);
  // A client calls a few fixed paths: each one's span path and metric label are worked out once, and the map is
  // bounded all the same (a path built from input would otherwise grow it).
  const labels = new Map<string, { path: string; operation: string }>();
  const labelsOf = (relativePath: string) => {
    // Keyed by the path without its query, which may carry a credential (Tencent IM's UserSig).
    const end = relativePath.search(/[?#]/);
    const key = end < 0 ? relativePath : relativePath.slice(0, end);
    let known = labels.get(key);
    if (!known) {
      const path = `${basePath}${pathOf(key)}`;
      known = { path, operation: operationOf(path) };
      if (labels.size < MAX_KNOWN_PATHS) labels.set(key, known);
    }
    return known;
  };
  return async <Response extends HttpResponse<unknown>>(
    method: string,
    relativePath: string,
    work: Promise<Response>,
  ): Promise<Response> => {
    const { path, operation } = labelsOf(relativePath);
    const span = tracer().startSpan(`${source} ${operation}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        "profile.source": source,
        "http.request.method": method,
        "server.address": host,
        "url.path": path,
      },
    });
    const started = performance.now();
    const finish = (outcome: UpstreamOutcome, status?: number) => {
      metrics.upstreamCall(operation, outcome, (performance.now() - started) / 1000);
      if (status !== undefined) span.setAttribute("http.response.status_code", status);
      if (outcome !== "ok") span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span.end();
    };
    try {
      const response = await work;
      finish(outcomeOfStatus(response.status), response.status);
      return response;
    } catch (error) {
      finish(error instanceof UpstreamCallError && error.kind === "timeout" ? "timeout" : "network_error");
      throw error;
    }
  };
}

const outcomeOfStatus = (status: number): UpstreamOutcome =>
  status < 400 ? "ok" : status < 500 ? "http_4xx" : "http_5xx";

function hostOf(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return "unknown";
  }
}

/** The path of a URL or of a relative reference, without query or fragment. */
function pathOf(url: string): string {
  const withoutQuery = url.split(/[?#]/, 1)[0] ?? "";
  if (!/^[a-z][a-z0-9+.-]*:/i.test(withoutQuery)) return withoutQuery;
  try {
    return new URL(withoutQuery).pathname.replace(/\/$/, "");
  } catch {
    return "";
  }
}

/** The metric label of a call: its path's last segment (`portrait_get`, `userInfo`), bounded to stay a label. */
function operationOf(path: string): string {
  const last = path.split("/").filter(Boolean).pop() ?? "";
  return /^[\w.-]{1,64}$/.test(last) ? last : "other";
}

/**
 * Turns a failure below the vendor's protocol (refused connection, timeout, reset) into a SourceError. The
 * message names the source and the kind of failure only: a library's message may quote the full URL, and some
 * vendors put credentials in the query string.
 */
export function transportError(error: unknown, source: SourceName, label: string): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof UpstreamCallError) {
    switch (error.kind) {
      case "timeout":
        return new SourceError(`${label} did not answer in time`, {
          code: ErrorCode.SOURCE_TIMEOUT,
          source,
          retryable: true,
        });
      case "circuit-open":
        return new SourceError(
          `${label} is failing: its calls are suspended for a while (circuit breaker open)`,
          {
            code: ErrorCode.SOURCE_UNAVAILABLE,
            source,
            retryable: true,
          },
        );
      case "too-large":
        return new SourceError(`${label} sent an answer larger than this service accepts`, {
          code: ErrorCode.SOURCE_UNAVAILABLE,
          source,
          retryable: false,
        });
      case "network":
        return new SourceError(`${label} could not be reached (${error.code})`, {
          code: ErrorCode.SOURCE_UNAVAILABLE,
          source,
          retryable: true,
        });
    }
  }
  return new SourceError(`${label} failed unexpectedly`, {
    code: ErrorCode.SOURCE_UNAVAILABLE,
    source,
    retryable: false,
  });
}

/** An HTTP status outside the vendor's protocol (a proxy's 502, a 429 from a gateway in front of the API). */
export function httpStatusError(status: number, source: SourceName, label: string): SourceError {
  if (status === 429) {
    return new SourceError(`${label} is rate limiting this service (HTTP 429)`, {
      code: ErrorCode.SOURCE_RATE_LIMITED,
      source,
      providerCode: status,
      retryable: true,
    });
  }
  return new SourceError(`${label} answered HTTP ${status}`, {
    code: ErrorCode.SOURCE_UNAVAILABLE,
    source,
    providerCode: status,
    retryable: status >= 500,
  });
}
