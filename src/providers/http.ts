import http from "node:http";
import https from "node:https";
import { performance } from "node:perf_hooks";
import { SpanKind, SpanStatusCode, type Span } from "@opentelemetry/api";
import axios, {
  AxiosError,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from "axios";
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from "cockatiel";
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

/** The code of the error a call gets while its source's breaker is open. */
const CIRCUIT_OPEN = "ERR_CIRCUIT_OPEN";

export interface HttpClientOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Where calls are reported; by default, the source whose client is being built (see `buildingClientOf`). */
  instrumentation?: HttpInstrumentation;
}

/** The source whose client is being built, while `buildingClientOf` runs. */
let building: HttpInstrumentation | undefined;

/**
 * Builds a source's client with every HTTP instance it creates (through `createHttpClient`) reporting to that
 * source's metrics and spans. `createSourceClients` builds every client this way, so each provider's calls are
 * measured and traced here, once for all of them, without the providers passing anything along. Clients create
 * their HTTP instances in their constructors, synchronously: a plain variable is enough (an AsyncLocalStorage
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
 * One axios instance per upstream, with keep-alive agents so that a burst of calls reuses connections, and a
 * timeout on every call (reported as ETIMEDOUT). Statuses are not turned into exceptions: each client reads the
 * vendor's envelope itself, since several vendors answer errors with 200 or 400 and a body that says more. Every
 * call is counted, timed and traced (see `instrument`).
 */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const baseURL = options.baseUrl.replace(/\/+$/, "");
  const instrumentation = options.instrumentation ?? building;
  const limits = instrumentation?.limits ?? UPSTREAM_DEFAULTS;
  const instance = axios.create({
    baseURL,
    timeout: options.timeoutMs,
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64 }),
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
    maxContentLength: limits.maxResponseBytes,
    // A vendor API never redirects; a redirect is a proxy or a misconfiguration, and would carry the credentials.
    maxRedirects: 0,
    // No proxy from HTTP_PROXY and the like: the vendor's URL is the one configured (and axios would otherwise
    // read the proxy variables again for every call).
    proxy: false,
  });
  // axios's `timeout` is an idle timeout: an upstream trickling a byte a second would never trip it. A total
  // deadline covers connecting, the headers and the whole body.
  // Request interceptors are synchronous: axios then starts the call in the same tick instead of after a promise
  // chain of its own per interceptor.
  instance.interceptors.request.use(
    (config) => {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      config.signal = config.signal ? AbortSignal.any([config.signal as AbortSignal, deadline]) : deadline;
      return config;
    },
    undefined,
    { synchronous: true },
  );
  guardWithBreaker(instance, limits, instrumentation?.metrics);
  if (instrumentation) instrument(instance, baseURL, instrumentation);
  return instance;
}

/**
 * A circuit breaker per source (cockatiel): after `breakerThreshold` consecutive failed calls (no answer, a
 * timeout, a 5xx) calls fail at once without reaching the source, until `breakerHalfOpenAfterMs` has passed; then
 * one call probes, and its success closes the breaker again. A vendor's own error answer (a 4xx, or an error code
 * in a 200) is an answer, not a failure.
 */
function guardWithBreaker(instance: AxiosInstance, limits: UpstreamLimits, metrics?: SourceMetrics): void {
  const breaker = circuitBreaker(
    handleWhen((error) => !(error instanceof BrokenCircuitError)).orWhenResult(
      (response) => (response as AxiosResponse).status >= 500,
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
  const send = axios.getAdapter(instance.defaults.adapter);
  instance.defaults.adapter = async (config) => {
    try {
      return await breaker.execute(() => send(config));
    } catch (error) {
      if (!(error instanceof BrokenCircuitError)) throw error;
      throw new AxiosError("the source's circuit breaker is open", CIRCUIT_OPEN, config);
    }
  };
}

interface CallInProgress {
  operation: string;
  started: number;
  span: Span;
}

const CALL = Symbol("upstream call");
type TrackedConfig = InternalAxiosRequestConfig & { [CALL]?: CallInProgress };

/**
 * Counts, times and traces every call of the instance. What is recorded is chosen so that nothing secret can get
 * in: the operation is the path's last segment, the span has the method, host, path (never the query string,
 * where Tencent IM carries the UserSig) and status, and a failure is described by its kind only (axios's
 * messages and errors quote the full URL).
 */
function instrument(
  instance: AxiosInstance,
  baseURL: string,
  { source, metrics }: HttpInstrumentation,
): void {
  const host = hostOf(baseURL);
  instance.interceptors.request.use(
    (config: TrackedConfig) => {
      const path = `${pathOf(baseURL)}${pathOf(config.url ?? "")}`;
      const operation = operationOf(path);
      const span = tracer().startSpan(`${source} ${operation}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          "profile.source": source,
          "http.request.method": (config.method ?? "get").toUpperCase(),
          "server.address": host,
          "url.path": path,
        },
      });
      config[CALL] = { operation, started: performance.now(), span };
      return config;
    },
    undefined,
    { synchronous: true },
  );
  const finish = (config: TrackedConfig | undefined, outcome: UpstreamOutcome, status?: number) => {
    const call = config?.[CALL];
    if (!call) return;
    delete config[CALL];
    metrics.upstreamCall(call.operation, outcome, (performance.now() - call.started) / 1000);
    if (status !== undefined) call.span.setAttribute("http.response.status_code", status);
    if (outcome !== "ok") call.span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    call.span.end();
  };
  instance.interceptors.response.use(
    (response) => {
      finish(response.config, outcomeOfStatus(response.status), response.status);
      return response;
    },
    (error: unknown) => {
      if (axios.isAxiosError(error)) {
        const timedOut =
          error.code === "ETIMEDOUT" || error.code === "ECONNABORTED" || error.code === "ERR_CANCELED";
        finish(error.config, timedOut ? "timeout" : "network_error");
      }
      return Promise.reject(error);
    },
  );
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
 * message names the source and the kind of failure only: axios errors carry the full URL, and some vendors put
 * credentials in the query string.
 */
export function transportError(error: unknown, source: SourceName, label: string): SourceError {
  if (error instanceof SourceError) return error;
  if (axios.isAxiosError(error)) {
    if (error.code === "ETIMEDOUT" || error.code === "ECONNABORTED" || error.code === "ERR_CANCELED") {
      return new SourceError(`${label} did not answer in time`, {
        code: ErrorCode.SOURCE_TIMEOUT,
        source,
        retryable: true,
      });
    }
    if (error.code === CIRCUIT_OPEN) {
      return new SourceError(
        `${label} is failing: its calls are suspended for a while (circuit breaker open)`,
        {
          code: ErrorCode.SOURCE_UNAVAILABLE,
          source,
          retryable: true,
        },
      );
    }
    if (error.code === "ERR_BAD_RESPONSE" && /maxContentLength/.test(error.message)) {
      return new SourceError(`${label} sent an answer larger than this service accepts`, {
        code: ErrorCode.SOURCE_UNAVAILABLE,
        source,
        retryable: false,
      });
    }
    return new SourceError(`${label} could not be reached (${error.code ?? "network error"})`, {
      code: ErrorCode.SOURCE_UNAVAILABLE,
      source,
      retryable: true,
    });
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
