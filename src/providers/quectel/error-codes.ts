import { ErrorCode, SourceError } from "../../errors.js";

/** The auth APIs answer 200 for success; the business APIs 0. Both mean success everywhere. */
export const isSuccessCode = (code: unknown): boolean => code === 0 || code === 200;

/** Token verification failed: log in again once and retry. */
export const TOKEN_REJECTED = 5032;
/** The AccessKey may not read that user. */
const NO_PERMISSION = 5041;
/** Quectel's own trouble: worth trying again later. */
const SERVER_ERRORS = new Set([50000, 70000]);

/** A userInfo code other than success → the graph's vocabulary. */
export function quectelError(code: number): SourceError {
  if (code === NO_PERMISSION) {
    return new SourceError("Quectel does not let this service read that user (code 5041)", {
      code: ErrorCode.FORBIDDEN,
      source: "quectel",
      providerCode: code,
    });
  }
  return new SourceError(`Quectel could not return the user (code ${code})`, {
    code: ErrorCode.SOURCE_UNAVAILABLE,
    source: "quectel",
    providerCode: code,
    // 5032 here survived a fresh login; 5065/5106 are requests this client should never send.
    retryable: false,
  });
}

/**
 * The AccessKey login or the token refresh was refused: no user of this request can be read. Unless Quectel
 * itself is in trouble, the AccessKey, its secret or the clock is wrong: a configuration error.
 */
export function quectelAuthError(code: number, what: string): SourceError {
  const retryable = SERVER_ERRORS.has(code);
  return new SourceError(`Quectel refused this service's ${what} (code ${code})`, {
    code: ErrorCode.SOURCE_UNAVAILABLE,
    source: "quectel",
    providerCode: code,
    retryable,
    configuration: !retryable,
  });
}

/** Quectel answered for another uid than the one asked: the answer is refused. */
export function quectelAnswerMismatch(): SourceError {
  return new SourceError("Quectel answered for another user than the one asked; the answer was refused", {
    code: ErrorCode.SOURCE_UNAVAILABLE,
    source: "quectel",
    retryable: true,
  });
}

/** More calls wait for a free slot than QUECTEL_MAX_QUEUED allows: this lookup is refused without a call. */
export function quectelQueueFull(maxQueued: number): SourceError {
  return new SourceError(
    `Quectel's call queue is full (${maxQueued} calls waiting, QUECTEL_MAX_QUEUED): try again shortly`,
    { code: ErrorCode.SOURCE_RATE_LIMITED, source: "quectel", retryable: true },
  );
}

/** A call that waited for a slot past its request's time: not sent (the request has its SOURCE_TIMEOUT already). */
export function quectelNotSent(): SourceError {
  return new SourceError(
    "Quectel was not asked: the request's time (REQUEST_TIMEOUT_MS) ran out while the call waited",
    {
      code: ErrorCode.SOURCE_TIMEOUT,
      source: "quectel",
      retryable: true,
    },
  );
}
