import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import {
  UserProfileDocument,
  UsersQuectelAndTencentImDocument,
  UsersTencentImDocument,
} from "../__generated__/graphql.js";
import type { QuectelClient } from "../../src/providers/quectel/client.js";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { useStack, viewerHeaders, withStack } from "../support/stack.js";

/** Text that must never reach a client: a URL with credentials in its query string, as a library may quote. */
const LEAK = "https://iot-api.quectelcn.com/v2/enduser/enterpriseapi/userInfo?uid=u1&password=Zq7-secret";

/** A Quectel client with a bug: it throws a plain TypeError, as no upstream answer can make the real one do. */
const brokenQuectel = {
  userInfo: async () => {
    throw new TypeError(`Cannot read properties of undefined (reading 'uid') while calling ${LEAK}`);
  },
} as unknown as QuectelClient;

describe("an error thrown by anything but this service's own code", () => {
  it("reaches the client as `Internal server error` with INTERNAL_SERVER_ERROR, at its path only; the log has it", async () => {
    await withStack({ clients: { quectel: brokenQuectel } }, async (stack) => {
      const result = await stack.execute(
        UsersQuectelAndTencentImDocument,
        { ids: ["u1"] },
        { "x-request-id": "bug-report-7" },
      );
      expect(result.data?.users[0]?.tencentIm?.nickname).toBe("Bo Okafor");
      expect(result.data?.users[0]?.quectel).toBeNull();
      expect(result.errors).toEqual([
        {
          message: "Internal server error",
          path: ["users", 0, "quectel"],
          locations: [expect.any(Object)],
          extensions: { code: "INTERNAL_SERVER_ERROR" },
        },
      ]);
      expect(JSON.stringify(result)).not.toMatch(/Zq7|TypeError|reading 'uid'|stacktrace/);
      const logged = stack.logLines.filter((line) => line.includes("unexpected error in a resolver"));
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0]!)).toMatchObject({
        level: "error",
        requestId: "bug-report-7",
        path: ["users", 0, "quectel"],
        error: expect.stringMatching(/^TypeError: Cannot read properties of undefined/),
      });
      // It is not a source's failure: no "source field failed" line is written for it.
      expect(stack.logLines.filter((line) => line.includes("source field failed"))).toEqual([]);
    });
  });

  it("in the merged profile: the profile stands, and its error says `internal error` without the text", async () => {
    await withStack({ clients: { quectel: brokenQuectel } }, async (stack) => {
      const result = await stack.execute(UserProfileDocument, { id: "u5" }, viewerHeaders("u3"));
      expect(result.data?.user?.profile.displayName).toEqual({ value: "Farah Haddad", source: "tencentIm" });
      expect(result.errors).toEqual([
        {
          message: "Quectel failed, so this profile was merged without it: internal error",
          path: ["user", "profile"],
          extensions: { code: "INTERNAL_SERVER_ERROR", source: "quectel" },
        },
      ]);
      expect(JSON.stringify(result)).not.toMatch(/Zq7|TypeError/);
    });
  });
});

describe("what a vendor writes in its error text never reaches a client", () => {
  const stack = useStack();
  /** Tencent's ErrorInfo and ResultInfo are for people, and may quote the request. */
  const VENDOR_TEXT = "Zq7 usersig=eJwtzM0KgjAYBuB7 To_Account u2 is invalid";

  it("a failed call: the error says the code, not Tencent's ErrorInfo", async () => {
    stack.im.faults.callErrorCode = 70107;
    stack.im.faults.errorInfo = VENDOR_TEXT;
    const result = await stack.execute(UsersTencentImDocument, { ids: ["u1", "u2"] });
    expect(result.data?.users.map((user) => user?.tencentIm ?? null)).toEqual([null, null]);
    expect(result.errors?.map((error) => error.message)).toEqual([
      "Tencent IM rejected this service's request or credentials (code 70107)",
      "Tencent IM rejected this service's request or credentials (code 70107)",
    ]);
    expect(JSON.stringify(result)).not.toContain("Zq7");
    // Operators see it in the log.
    expect(stack.logLines.some((line) => line.includes("Zq7"))).toBe(true);
  });

  it("a failed item: its error says the code, not Tencent's ResultInfo", async () => {
    stack.im.faults.failAccounts = { u2: 40006 };
    stack.im.faults.errorInfo = VENDOR_TEXT;
    const result = await stack.execute(UsersTencentImDocument, { ids: ["u1", "u2", "u3"] });
    expect(result.data?.users.map((user) => user?.tencentIm?.signature ?? null)).toEqual([
      "Hello from u1",
      null,
      "Hello from u3",
    ]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: "Tencent IM could not return the profile (code 40006)",
        path: ["users", 1, "tencentIm"],
      }),
    ]);
    expect(JSON.stringify(result)).not.toContain("Zq7");
  });

  it("a source skipped by the merged profile: the profile's error says the code, not the vendor's text", async () => {
    stack.im.faults.callErrorCode = 40006;
    stack.im.faults.errorInfo = VENDOR_TEXT;
    const result = await stack.execute(UserProfileDocument, { id: "u5" }, viewerHeaders("u3"));
    expect(result.data?.user?.profile.displayName).toEqual({ value: "Farah Q5", source: "quectel" });
    expect(result.errors?.map((error) => error.message)).toEqual([
      "Tencent IM failed, so this profile was merged without it: Tencent IM could not return the profile (code 40006)",
    ]);
    expect(JSON.stringify(result)).not.toContain("Zq7");
    // 40006 is transient: asked three times (two retries) before the profile gave up on it.
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(3);
  });
});

describe("the log lines about a request", () => {
  it("a request refused before it runs is the caller's mistake: no unexpected-error line", async () => {
    await withStack({}, async (stack) => {
      const invalid = await stack.execute(parse("{ noSuchField }"));
      expect(invalid.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      // Refused by the cost budget's check, which throws the error itself (it wraps nothing).
      const tooMany = Array.from({ length: 1001 }, (_, index) => `u${index}`);
      const refused = await stack.execute(UsersTencentImDocument, { ids: tooMany });
      expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(stack.logLines.filter((line) => line.includes("unexpected error in a resolver"))).toEqual([]);
    });
  });

  it("carry its x-request-id: one line per failed source and code, with how many fields failed", async () => {
    await withStack({}, async (stack) => {
      stack.im.faults.failAccounts = { u2: 40006, u4: 40006, u5: 60008 };
      const result = await stack.execute(
        UsersTencentImDocument,
        { ids: ["u1", "u2", "u4", "u5"] },
        { "x-request-id": "trace-77" },
      );
      expect(result.errors?.map((error) => error.path)).toEqual([
        ["users", 1, "tencentIm"],
        ["users", 2, "tencentIm"],
        ["users", 3, "tencentIm"],
      ]);
      const lines = stack.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const failed = lines.filter((line) => line.message === "source field failed");
      expect(failed).toEqual([
        expect.objectContaining({
          requestId: "trace-77",
          source: "tencentIm",
          code: "SOURCE_UNAVAILABLE",
          providerCode: 40006,
          fields: 2,
          path: ["users", 1, "tencentIm"],
        }),
        expect.objectContaining({
          requestId: "trace-77",
          source: "tencentIm",
          code: "SOURCE_TIMEOUT",
          providerCode: 60008,
          fields: 1,
          path: ["users", 3, "tencentIm"],
        }),
      ]);
      // A source's failure is not an unexpected error.
      expect(lines.filter((line) => line.message === "unexpected error in a resolver")).toEqual([]);
    });
  });
});
