import { describe, expect, it } from "vitest";
import { ConfigError, TENCENT_IM_REGIONS, loadConfig } from "../../src/config.js";
import { SANDBOX_TENCENT_IM } from "../../src/emulators/sandbox-credentials.js";

const SECRET = "a-real-looking-secret-key-0123456789";
const credentials = { TENCENT_IM_SDKAPPID: "1400123456", TENCENT_IM_SECRET_KEY: SECRET };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("with no credentials starts in sandbox mode, wired to the IM emulator on 4101", () => {
    const config = loadConfig({});
    expect(config.sandbox).toEqual({ ports: { tencentIm: 4101 } });
    expect(config.port).toBe(4000);
    expect(config.maxUsersPerRequest).toBe(1000);
    expect(config.tencentIm).toMatchObject({
      sdkAppId: SANDBOX_TENCENT_IM.sdkAppId,
      baseUrl: "http://127.0.0.1:4101",
      customTags: ["Tag_Profile_Custom_Test"],
      timeoutMs: 3000,
    });
  });

  it("honours TENCENT_IM_EMULATOR_PORT in sandbox mode", () => {
    expect(loadConfig({ TENCENT_IM_EMULATOR_PORT: "5101" }).tencentIm?.baseUrl).toBe("http://127.0.0.1:5101");
  });

  it("with credentials never uses the sandbox, and takes the region's domain", () => {
    const config = loadConfig({
      ...credentials,
      TENCENT_IM_REGION: "singapore",
      TENCENT_IM_CUSTOM_TAGS: "Test, Tag_Profile_Custom_Level2",
    });
    expect(config.sandbox).toBeNull();
    expect(config.tencentIm).toEqual({
      sdkAppId: 1400123456,
      secretKey: SECRET,
      adminIdentifier: "administrator",
      baseUrl: TENCENT_IM_REGIONS.singapore,
      customTags: ["Tag_Profile_Custom_Test", "Tag_Profile_Custom_Level2"],
      timeoutMs: 3000,
      maxCallsPerSecond: 200,
    });
  });

  it("lets TENCENT_IM_BASE_URL override the region", () => {
    const config = loadConfig({ ...credentials, TENCENT_IM_BASE_URL: "https://im-proxy.internal:8443" });
    expect(config.tencentIm?.baseUrl).toBe("https://im-proxy.internal:8443");
  });

  it("names every bad variable with a fix, in one error", () => {
    const problems = problemsOf({
      PORT: "http",
      TENCENT_IM_SDKAPPID: "abc",
      TENCENT_IM_SECRET_KEY: SECRET,
      TENCENT_IM_REGION: "mars",
      TENCENT_IM_TIMEOUT_MS: "0",
      TENCENT_IM_CUSTOM_TAGS: "ok,not-ok!",
    });
    expect(problems).toHaveLength(5);
    expect(problems.find((p) => p.startsWith("PORT:"))).toMatch(/port number/);
    expect(problems.find((p) => p.startsWith("TENCENT_IM_SDKAPPID:"))).toMatch(/numeric SDKAppID/);
    expect(problems.find((p) => p.startsWith("TENCENT_IM_REGION:"))).toMatch(/singapore/);
    expect(problems.find((p) => p.startsWith("TENCENT_IM_TIMEOUT_MS:"))).toMatch(/at least 1 ms/);
    expect(problems.find((p) => p.startsWith("TENCENT_IM_CUSTOM_TAGS:"))).toMatch(/not-ok!/);
  });

  it("asks for the secret key when only the SDKAppID is set, and the region when neither region nor URL is", () => {
    const problems = problemsOf({ TENCENT_IM_SDKAPPID: "1400123456" });
    expect(problems.some((p) => p.startsWith("TENCENT_IM_SECRET_KEY:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("TENCENT_IM_REGION:"))).toBe(true);
  });

  it("never prints a secret value in its message", () => {
    try {
      loadConfig({ ...credentials, TENCENT_IM_SECRET_KEY: "short", TENCENT_IM_REGION: "china" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain("TENCENT_IM_SECRET_KEY");
      expect((error as Error).message).not.toContain("short\n");
      expect((error as Error).message).not.toMatch(/"short"|=short/);
    }
  });

  it("rejects an out-of-range USERS_MAX_IDS and accepts a valid one", () => {
    expect(problemsOf({ USERS_MAX_IDS: "0" })[0]).toMatch(/^USERS_MAX_IDS: must be at least 1/);
    expect(loadConfig({ USERS_MAX_IDS: "50" }).maxUsersPerRequest).toBe(50);
  });
});
