import { describe, expect, it } from "vitest";
import {
  isConfigurationError,
  isRateLimited,
  isSignatureFailureLimit,
  isTransient,
  tencentImError,
} from "../../../src/providers/tencent-im/error-codes.js";

/** Tencent IM's error codes (PROVIDERS.md) in the graph's vocabulary, and how the batcher reads each kind. */
const error = (code: number) => {
  const e = tencentImError(code);
  return { message: e.message, extensions: e.extensions, configuration: e.configuration };
};
const extensions = (code: string, providerCode: number, retryable: boolean) => ({
  code,
  source: "tencentIm",
  providerCode,
  retryable,
});

describe("Tencent IM error codes", () => {
  it("the app's call rate (60007, 60011, 60018, 60019) and the signature-failure limit (70050): rate limited, retryable", () => {
    for (const code of [60007, 60011, 60018, 60019, 70050]) {
      expect(error(code), String(code)).toEqual({
        message: `Tencent IM is rate limiting profile lookups (code ${code})`,
        extensions: extensions("SOURCE_RATE_LIMITED", code, true),
        configuration: false,
      });
    }
    expect([60007, 60011, 60018, 60019].every(isRateLimited)).toBe(true);
    // The signature-failure limit slows the budget down but is not sent again now.
    expect(isRateLimited(70050)).toBe(false);
    expect(isSignatureFailureLimit(70050)).toBe(true);
    expect(isSignatureFailureLimit(60007)).toBe(false);
  });

  it("60008: a timeout on Tencent's side, retryable; 40006: a passing fault, retryable", () => {
    expect(error(60008)).toEqual({
      message: "Tencent IM timed out (code 60008)",
      extensions: extensions("SOURCE_TIMEOUT", 60008, true),
      configuration: false,
    });
    expect(error(40006)).toEqual({
      message: "Tencent IM could not return the profile (code 40006)",
      extensions: extensions("SOURCE_UNAVAILABLE", 40006, true),
      configuration: false,
    });
    expect([isTransient(40006), isTransient(60008), isTransient(60007), isTransient(0)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it("60016: the app is disabled, an operator's matter", () => {
    expect(error(60016)).toEqual({
      message: "Tencent IM application is disabled (code 60016)",
      extensions: extensions("SOURCE_DISABLED", 60016, false),
      configuration: false,
    });
    expect(isConfigurationError(60016)).toBe(true);
  });

  it("deployment errors: refused, not retryable, a configuration problem; an expired UserSig is refused but not one", () => {
    for (const code of [40001, 60002, 70003, 70107]) {
      expect(error(code), String(code)).toEqual({
        message: `Tencent IM rejected this service's request or credentials (code ${code})`,
        extensions: extensions("SOURCE_UNAVAILABLE", code, false),
        configuration: true,
      });
      expect(isConfigurationError(code)).toBe(true);
    }
    expect(error(70001)).toEqual({
      message: "Tencent IM rejected this service's request or credentials (code 70001)",
      extensions: extensions("SOURCE_UNAVAILABLE", 70001, false),
      configuration: false,
    });
    expect(isConfigurationError(70001)).toBe(false);
  });

  it("any other code: unavailable, not retryable, not the deployment's fault", () => {
    expect(error(91000)).toEqual({
      message: "Tencent IM could not return the profile (code 91000)",
      extensions: extensions("SOURCE_UNAVAILABLE", 91000, false),
      configuration: false,
    });
    expect([isRateLimited(91000), isTransient(91000), isConfigurationError(91000)]).toEqual([
      false,
      false,
      false,
    ]);
  });
});
