import { ErrorCode, SourceError } from "../../errors.js";

/** 0 is success, everywhere in the Tencent REST API. */
export const OK = 0;
/** Per item and at call level: the account does not exist. Not an error for the graph: the user is unknown. */
export const ACCOUNT_NOT_FOUND = 40003;
/** The UserSig expired: sign a new one and retry once. */
export const USERSIG_EXPIRED = 70001;

/** Too many calls: back off and retry. */
const RATE_LIMITED = new Set([60007, 60011, 60018, 60019]);
/** Transient on Tencent's side: retry after a short wait. */
const TRANSIENT = new Set([40006, 60008]);
/** Signature failures are themselves rate limited for about a minute: retrying now only extends that. */
const SIGNATURE_FAILURES_LIMITED = 70050;
/** The SDKAppID is disabled (a console or billing matter, not a rate limit). */
const APP_DISABLED = 60016;
/**
 * Deployment errors: wrong secret key, identifier, region domain, IP allow-list, missing admin rights or unknown
 * tags. Retrying cannot help; an operator must fix the configuration.
 */
const CONFIGURATION = new Set([
  40001, 40002, 40004, 40007, 40009, 60002, 60003, 60004, 60005, 60006, 60009, 60010, 60020, 60021, 70003,
  70009, 70013, 70014, 70016, 70020, 70107,
]);

/** Tencent refused the call for the app's call rate: slow down, then the same call may pass. */
export function isRateLimited(code: number): boolean {
  return RATE_LIMITED.has(code);
}

/** Signature failures are rate limited for about a minute: slow down, and do not send the call again now. */
export const isSignatureFailureLimit = (code: number): boolean => code === SIGNATURE_FAILURES_LIMITED;

/** A passing condition on Tencent's side: the same call may succeed in a moment. */
export function isTransient(code: number): boolean {
  return TRANSIENT.has(code);
}

export function isConfigurationError(code: number): boolean {
  return CONFIGURATION.has(code) || code === APP_DISABLED;
}

/** Maps a Tencent error code (call level or item level) onto the graph's error vocabulary. */
export function tencentImError(code: number): SourceError {
  const source = "tencentIm" as const;
  if (RATE_LIMITED.has(code) || code === SIGNATURE_FAILURES_LIMITED) {
    return new SourceError(`Tencent IM is rate limiting profile lookups (code ${code})`, {
      code: ErrorCode.SOURCE_RATE_LIMITED,
      source,
      providerCode: code,
      retryable: true,
    });
  }
  if (code === 60008) {
    return new SourceError(`Tencent IM timed out (code ${code})`, {
      code: ErrorCode.SOURCE_TIMEOUT,
      source,
      providerCode: code,
      retryable: true,
    });
  }
  if (code === APP_DISABLED) {
    return new SourceError(`Tencent IM application is disabled (code ${code})`, {
      code: ErrorCode.SOURCE_DISABLED,
      source,
      providerCode: code,
    });
  }
  if (CONFIGURATION.has(code) || code === USERSIG_EXPIRED) {
    return new SourceError(`Tencent IM rejected this service's request or credentials (code ${code})`, {
      code: ErrorCode.SOURCE_UNAVAILABLE,
      source,
      providerCode: code,
      // A deployment fault (wrong key, region, allow-list): /readyz reports the source unusable until it clears.
      configuration: CONFIGURATION.has(code),
    });
  }
  return new SourceError(`Tencent IM could not return the profile (code ${code})`, {
    code: ErrorCode.SOURCE_UNAVAILABLE,
    source,
    providerCode: code,
    retryable: TRANSIENT.has(code),
  });
}
