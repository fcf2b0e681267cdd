import http from "node:http";
import https from "node:https";
import axios, { type AxiosInstance } from "axios";
import { ErrorCode, SourceError, type SourceName } from "../errors.js";

export interface HttpClientOptions {
  baseUrl: string;
  timeoutMs: number;
}

/**
 * One axios instance per upstream, with keep-alive agents so that a burst of calls reuses connections, and a
 * timeout on every call (reported as ETIMEDOUT). Statuses are not turned into exceptions: each client reads the
 * vendor's envelope itself, since several vendors answer errors with 200 or 400 and a body that says more.
 */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  return axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ""),
    timeout: options.timeoutMs,
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64 }),
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
  });
}

/**
 * Turns a failure below the vendor's protocol (refused connection, timeout, reset) into a SourceError. The
 * message names the source and the kind of failure only: axios errors carry the full URL, and some vendors put
 * credentials in the query string.
 */
export function transportError(error: unknown, source: SourceName, label: string): SourceError {
  if (error instanceof SourceError) return error;
  if (axios.isAxiosError(error)) {
    if (error.code === "ETIMEDOUT" || error.code === "ECONNABORTED") {
      return new SourceError(`${label} did not answer in time`, {
        code: ErrorCode.SOURCE_TIMEOUT,
        source,
        retryable: true,
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
