import { ErrorCode, SourceError } from "../../errors.js";
import type { AlipayResult } from "./types.js";

/** The wallet refused the merchant itself: its Client-Id, its key, or its clock. An operator must act. */
const CONFIGURATION = new Set([
  "INVALID_AUTH_CLIENT",
  "INVALID_CLIENT_STATUS",
  "INVALID_SIGNATURE",
  "KEY_NOT_FOUND",
]);

/** A failed or unknown `result` → the graph's vocabulary. The wallet's own code goes along as providerCode. */
export function alipayPlusError(result: AlipayResult): SourceError {
  const source = "alipayPlus" as const;
  const providerCode = result.resultCode;
  switch (result.resultCode) {
    case "INVALID_ACCESS_TOKEN":
    case "EXPIRED_ACCESS_TOKEN":
      return new SourceError("The wallet access token is invalid or has expired: authorise again", {
        code: ErrorCode.UNAUTHENTICATED,
        source,
        providerCode,
      });
    case "REQUEST_TRAFFIC_EXCEED_LIMIT":
      return new SourceError("The wallet is rate limiting this service", {
        code: ErrorCode.SOURCE_RATE_LIMITED,
        source,
        providerCode,
        retryable: true,
      });
    case "ACCESS_DENIED":
      return new SourceError("The wallet does not let this mini program read that user", {
        code: ErrorCode.FORBIDDEN,
        source,
        providerCode,
      });
    default:
      return new SourceError(`The wallet could not return the user (${result.resultCode})`, {
        code: ErrorCode.SOURCE_UNAVAILABLE,
        source,
        providerCode,
        retryable: result.resultStatus === "U",
        configuration: CONFIGURATION.has(result.resultCode),
      });
  }
}
