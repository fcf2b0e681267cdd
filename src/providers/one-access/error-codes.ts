import { ErrorCode, SourceError } from "../../errors.js";

/**
 * OneAccess answers 400 `{error_code, error_msg}`. The documentation names codes (APP.0001, APP.0002) without a
 * full table; these are the meanings this service relies on, and the emulator answers with them. A code not
 * listed here is reported as SOURCE_UNAVAILABLE with the code attached.
 */
export const ONEACCESS_ERRORS = {
  /** The signature could not be decrypted: the public key we hold is not the application's (any more). */
  SIGNATURE_INVALID: "APP.0001",
  /** The session token is unknown, signed out or expired. */
  SESSION_INVALID: "APP.0002",
  /** The signed timestamp is too far from the server's clock. */
  TIMESTAMP_EXPIRED: "APP.0003",
  /** The nonce is not the timestamp in hex. */
  NONCE_INVALID: "APP.0004",
  /** This exact signature was already used. */
  SIGNATURE_REPLAYED: "APP.0005",
  /** A required header is missing, or the client id / tenant id is unknown. */
  REQUEST_INVALID: "APP.0006",
} as const;

export function oneAccessError(errorCode: string): SourceError {
  if (errorCode === ONEACCESS_ERRORS.SESSION_INVALID) {
    return new SourceError("The OneAccess session is invalid or has expired: sign in again", {
      code: ErrorCode.UNAUTHENTICATED,
      source: "oneAccess",
      providerCode: errorCode,
    });
  }
  const retryable =
    errorCode === ONEACCESS_ERRORS.TIMESTAMP_EXPIRED || errorCode === ONEACCESS_ERRORS.SIGNATURE_REPLAYED;
  return new SourceError(`Huawei OneAccess refused the profile request (code ${errorCode})`, {
    code: ErrorCode.SOURCE_UNAVAILABLE,
    source: "oneAccess",
    providerCode: errorCode,
    retryable,
    // An unknown client id or tenant: the deployment's settings, not the user's session.
    configuration: errorCode === ONEACCESS_ERRORS.REQUEST_INVALID,
  });
}
