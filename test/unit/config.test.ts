import { sign as cryptoSign, verify as cryptoVerify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { SANDBOX_ONE_ACCESS } from "../../src/providers/one-access/config.js";
import { QUECTEL_REGIONS, SANDBOX_QUECTEL } from "../../src/providers/quectel/config.js";
import { SANDBOX_TENCENT_IM, TENCENT_IM_REGIONS } from "../../src/providers/tencent-im/config.js";
import { testKeyPair } from "../support/key-pairs.js";

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
  it("with no credentials starts in sandbox mode, wired to the emulators on 4101 to 4104", () => {
    const config = loadConfig({});
    expect(config.sandbox?.ports).toEqual({
      tencentIm: 4101,
      quectel: 4102,
      oneAccess: 4103,
      alipayPlus: 4104,
    });
    expect(config.sources.alipayPlus).toMatchObject({
      baseUrl: "http://127.0.0.1:4104",
      pathPrefix: "/api",
      keyVersion: 1,
      urlEncodeSignature: true,
    });
    // The sandbox's key pairs match: what the service signs, the emulator can verify.
    const content = Buffer.from("POST /api/v1/users/inquiryUserInfo\nc.t.{}");
    const signature = cryptoSign("sha256", content, config.sources.alipayPlus!.privateKey);
    expect(
      cryptoVerify("sha256", content, config.sandbox!.emulators.alipayPlus!.merchantPublicKey, signature),
    ).toBe(true);
    expect(config.viewerIdHeader).toBe("x-user-id");
    expect(config.sources.oneAccess).toEqual({
      clientId: SANDBOX_ONE_ACCESS.clientId,
      baseUrl: "http://127.0.0.1:4103",
      timeoutMs: 3000,
      mgf1Hash: "sha1",
    });
    expect(config.sandbox?.emulators.oneAccess?.mgf1Hash).toBe("sha1");
    expect(config.sandbox?.emulators.quectel).toEqual({ ...SANDBOX_QUECTEL });
    expect(config.sources.quectel).toMatchObject({
      accessKey: SANDBOX_QUECTEL.accessKey,
      baseUrl: "http://127.0.0.1:4102",
      timeoutMs: 3000,
      maxConcurrency: 16,
    });
    expect(config.port).toBe(4000);
    expect(config.maxUsersPerRequest).toBe(1000);
    expect(config.sources.tencentIm).toMatchObject({
      sdkAppId: SANDBOX_TENCENT_IM.sdkAppId,
      baseUrl: "http://127.0.0.1:4101",
      customTags: ["Tag_Profile_Custom_Test"],
      timeoutMs: 3000,
    });
  });

  it("Tencent IM: a secret key without its SDKAppID is named, not ignored", () => {
    expect(problemsOf({ TENCENT_IM_SECRET_KEY: SECRET, TENCENT_IM_REGION: "china" })).toEqual([
      "TENCENT_IM_SDKAPPID: must be the numeric SDKAppID shown in the Tencent Cloud Chat console (set it together with TENCENT_IM_SECRET_KEY)",
    ]);
  });

  it("sandbox mode asks the emulator for the custom tags configured, and the emulator keeps its own", () => {
    const config = loadConfig({ TENCENT_IM_CUSTOM_TAGS: "Level" });
    expect(config.sources.tencentIm?.customTags).toEqual(["Tag_Profile_Custom_Level"]);
    expect(config.sandbox?.emulators.tencentIm).toEqual({
      ...SANDBOX_TENCENT_IM,
      customTags: ["Tag_Profile_Custom_Test"],
    });
  });

  it("honours TENCENT_IM_EMULATOR_PORT in sandbox mode", () => {
    expect(loadConfig({ TENCENT_IM_EMULATOR_PORT: "5101" }).sources.tencentIm?.baseUrl).toBe(
      "http://127.0.0.1:5101",
    );
  });

  it("Quectel: credentials with a region give that region's URL; a base URL overrides it", () => {
    const quectel = { QUECTEL_ACCESS_KEY: "ak-123456", QUECTEL_ACCESS_SECRET: "secret-123456789" };
    expect(loadConfig({ ...quectel, QUECTEL_REGION: "eu" }).sources.quectel).toEqual({
      accessKey: "ak-123456",
      accessSecret: "secret-123456789",
      baseUrl: QUECTEL_REGIONS.eu,
      timeoutMs: 3000,
      maxConcurrency: 16,
      maxQueued: 2000,
      cacheTtlMs: 0,
    });
    const config = loadConfig({
      ...quectel,
      QUECTEL_BASE_URL: "http://quectel.internal",
      QUECTEL_MAX_CONCURRENCY: "4",
    });
    expect(config.sources.quectel).toMatchObject({ baseUrl: "http://quectel.internal", maxConcurrency: 4 });
    // IM has no credentials here: disabled, not sandboxed.
    expect(config.sources.tencentIm).toBeNull();
    expect(config.sandbox).toBeNull();
  });

  it("Quectel: one credential without the other, an unknown region or a bad bound are each named", () => {
    const problems = problemsOf({
      QUECTEL_ACCESS_KEY: "ak-123456",
      QUECTEL_REGION: "moon",
      QUECTEL_MAX_CONCURRENCY: "0",
    });
    expect(problems).toEqual([
      "QUECTEL_ACCESS_SECRET: must be set to the AccessSecret that goes with QUECTEL_ACCESS_KEY",
      "QUECTEL_REGION: must be the tenant's region, one of cn, eu (or set QUECTEL_BASE_URL)",
      "QUECTEL_MAX_CONCURRENCY: must be a whole number of calls in flight from 1 to 256",
    ]);
  });

  it("OneAccess: base URL and client id together enable it; one without the other is named", () => {
    const config = loadConfig({
      ONEACCESS_BASE_URL: "https://tenant.huaweioneaccess.com",
      ONEACCESS_CLIENT_ID: "client-1",
      ONEACCESS_TENANT_ID: "tenant-9",
      ONEACCESS_OAEP_MGF1_HASH: "sha256",
      VIEWER_ID_HEADER: "X-Viewer-Id",
    });
    expect(config.sources.oneAccess).toEqual({
      baseUrl: "https://tenant.huaweioneaccess.com",
      clientId: "client-1",
      tenantId: "tenant-9",
      timeoutMs: 3000,
      mgf1Hash: "sha256",
    });
    expect(problemsOf({ ONEACCESS_OAEP_MGF1_HASH: "md5" })).toEqual([
      "ONEACCESS_OAEP_MGF1_HASH: must be sha1 (the vendor's Java sample, default) or sha256 (SHA-256 for MGF1 too)",
    ]);
    expect(config.viewerIdHeader).toBe("x-viewer-id");
    expect(problemsOf({ ONEACCESS_CLIENT_ID: "client-1" })).toEqual([
      "ONEACCESS_BASE_URL: must be set to the OneAccess application's user-access domain URL, with ONEACCESS_CLIENT_ID",
    ]);
  });

  it("Alipay+: keys inline as PEM, as Base64 or as file paths; a key that does not parse is named, not printed", () => {
    const merchant = testKeyPair("merchant");
    const wallet = testKeyPair("wallet");
    const privatePem = merchant.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const walletBase64 = wallet.publicKey.export({ type: "spki", format: "der" }).toString("base64");
    const folder = mkdtempSync(join(tmpdir(), "alipay-keys-"));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    writeFileSync(join(folder, "merchant.pem"), `   ${privatePem}`);
    const base = {
      ALIPAY_PLUS_BASE_URL: "https://openapi.wallet.example.com",
      ALIPAY_PLUS_CLIENT_ID: "MINI_1",
      ALIPAY_PLUS_URL_ENCODE_SIGNATURE: "false",
      ALIPAY_PLUS_KEY_VERSION: "2",
    };
    // PEM as is, with literal \n (one line in an env file), and as the path of a file holding it indented
    // (OpenSSL refuses text before BEGIN on its line; variables are trimmed, files are not).
    for (const privateKey of [privatePem, privatePem.replace(/\n/g, "\\n"), join(folder, "merchant.pem")]) {
      const config = loadConfig({
        ...base,
        ALIPAY_PLUS_PRIVATE_KEY: privateKey,
        ALIPAY_PLUS_WALLET_PUBLIC_KEY: walletBase64,
      });
      expect(config.sources.alipayPlus).toMatchObject({
        clientId: "MINI_1",
        pathPrefix: "/api",
        keyVersion: 2,
        urlEncodeSignature: false,
      });
      expect(config.sources.alipayPlus?.privateKey.type).toBe("private");
      expect(config.sources.alipayPlus?.walletPublicKey.type).toBe("public");
    }
    const garbled =
      "-----BEGIN PRIVATE KEY-----\nTUlJQ2VJQkFEQU5CZ2txaGtpRzl3MEJBUUVGQUFTQ0FtSXdnZ0plQWdFQUFvR0JB\n-----END PRIVATE KEY-----";
    const error = (() => {
      try {
        loadConfig({
          ...base,
          ALIPAY_PLUS_PRIVATE_KEY: garbled,
          ALIPAY_PLUS_WALLET_PUBLIC_KEY: walletBase64,
        });
      } catch (thrown) {
        return thrown as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error.problems).toEqual([
      "ALIPAY_PLUS_PRIVATE_KEY: is not an RSA private key in PEM or Base64 PKCS#8 form, nor the path of a file holding one",
    ]);
    expect(error.message).not.toContain("TUlJQ2VJQkFE");

    // Base64 DER as consoles hand it out: wrapped lines, stray spaces; URL-encoding asked for explicitly.
    const privateBase64 = merchant.privateKey
      .export({ type: "pkcs8", format: "der" })
      .toString("base64")
      .replace(/.{64}/g, "$& \n");
    const fromBase64 = loadConfig({
      ...base,
      ALIPAY_PLUS_URL_ENCODE_SIGNATURE: "true",
      ALIPAY_PLUS_PRIVATE_KEY: ` ${privateBase64}\n`,
      ALIPAY_PLUS_WALLET_PUBLIC_KEY: walletBase64,
    }).sources.alipayPlus!;
    expect(fromBase64.urlEncodeSignature).toBe(true);
    expect(fromBase64.privateKey.type).toBe("private");
    expect(fromBase64.privateKey.export({ type: "pkcs8", format: "pem" })).toBe(privatePem);

    writeFileSync(join(folder, "wallet.pem"), "not a key");
    expect(
      problemsOf({ ...base, ALIPAY_PLUS_PRIVATE_KEY: privatePem, ALIPAY_PLUS_WALLET_PUBLIC_KEY: "AAAA" }),
    ).toEqual([
      "ALIPAY_PLUS_WALLET_PUBLIC_KEY: is not an RSA public key in PEM or Base64 X.509 form, nor the path of a file holding one",
    ]);
    expect(
      problemsOf({
        ...base,
        ALIPAY_PLUS_PRIVATE_KEY: privatePem,
        ALIPAY_PLUS_WALLET_PUBLIC_KEY: join(folder, "wallet.pem"),
      }),
    ).toEqual([
      "ALIPAY_PLUS_WALLET_PUBLIC_KEY: the file it names does not hold an RSA public key in PEM or Base64 form",
    ]);
  });

  it("with credentials never uses the sandbox, and takes the region's domain", () => {
    const config = loadConfig({
      ...credentials,
      TENCENT_IM_REGION: "singapore",
      TENCENT_IM_CUSTOM_TAGS: "Test, Tag_Profile_Custom_Level2",
    });
    expect(config.sandbox).toBeNull();
    expect(config.sources.tencentIm).toEqual({
      sdkAppId: 1400123456,
      secretKey: SECRET,
      adminIdentifier: "administrator",
      baseUrl: TENCENT_IM_REGIONS.singapore,
      customTags: ["Tag_Profile_Custom_Test", "Tag_Profile_Custom_Level2"],
      timeoutMs: 3000,
      maxCallsPerSecond: 200,
      coalesceWindowMs: 0,
      maxQueueWaitMs: 1000,
      maxPending: 20_000,
      maxInFlight: 64,
      fallbackCallsPerSecond: 50,
      cacheTtlMs: 0,
    });
    // A source none of whose credentials are set is off, not configured with blanks.
    expect(config.sources.alipayPlus).toBeNull();
  });

  it("lets TENCENT_IM_BASE_URL override the region", () => {
    const config = loadConfig({ ...credentials, TENCENT_IM_BASE_URL: "https://im-proxy.internal:8443" });
    expect(config.sources.tencentIm?.baseUrl).toBe("https://im-proxy.internal:8443");
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
    expect(problems.find((p) => p.startsWith("PORT:"))).toMatch(/whole number of a port from 0 to 65535/);
    expect(problems.find((p) => p.startsWith("TENCENT_IM_SDKAPPID:"))).toMatch(/numeric SDKAppID/);
    expect(problems.find((p) => p.startsWith("TENCENT_IM_REGION:"))).toMatch(/singapore/);
    expect(problems.find((p) => p.startsWith("TENCENT_IM_TIMEOUT_MS:"))).toMatch(
      /whole number of milliseconds from 1 to 60000/,
    );
    expect(problems.find((p) => p.startsWith("TENCENT_IM_CUSTOM_TAGS:"))).toMatch(/not-ok!/);
  });

  it("asks for the secret key when only the SDKAppID is set, and the region when neither region nor URL is", () => {
    const problems = problemsOf({ TENCENT_IM_SDKAPPID: "1400123456" });
    expect(problems.some((p) => p.startsWith("TENCENT_IM_SECRET_KEY:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("TENCENT_IM_REGION:"))).toBe(true);
  });

  it("never prints a secret value in its message", () => {
    // Too short to be a secret key, and a text no message could contain by chance.
    const rejected = "Zq7-sh0rt";
    try {
      loadConfig({ ...credentials, TENCENT_IM_SECRET_KEY: rejected, TENCENT_IM_REGION: "china" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain("TENCENT_IM_SECRET_KEY");
      expect((error as Error).message).not.toContain(rejected);
    }
  });

  it("names every rejected credential and prints none of their values", () => {
    const marker = "Zq7";
    const rejected = {
      TENCENT_IM_SDKAPPID: "1400123456",
      TENCENT_IM_SECRET_KEY: `${marker}-im`,
      TENCENT_IM_REGION: "china",
      QUECTEL_ACCESS_KEY: "ak-123456",
      QUECTEL_ACCESS_SECRET: `${marker}-q`,
      QUECTEL_REGION: "cn",
      ONEACCESS_BASE_URL: "https://tenant.huaweioneaccess.com",
      ONEACCESS_CLIENT_ID: `${marker} client`,
      ONEACCESS_TENANT_ID: `${marker} tenant`,
      ALIPAY_PLUS_BASE_URL: "https://openapi.wallet.example.com",
      ALIPAY_PLUS_CLIENT_ID: `${marker} mini program`,
      ALIPAY_PLUS_PRIVATE_KEY: `-----BEGIN PRIVATE KEY-----\n${marker}\n-----END PRIVATE KEY-----`,
      ALIPAY_PLUS_WALLET_PUBLIC_KEY: `${marker}AAAA`,
    };
    const problems = problemsOf(rejected);
    expect(problems.map((problem) => problem.slice(0, problem.indexOf(":"))).sort()).toEqual([
      "ALIPAY_PLUS_CLIENT_ID",
      "ALIPAY_PLUS_PRIVATE_KEY",
      "ALIPAY_PLUS_WALLET_PUBLIC_KEY",
      "ONEACCESS_CLIENT_ID",
      "ONEACCESS_TENANT_ID",
      "QUECTEL_ACCESS_SECRET",
      "TENCENT_IM_SECRET_KEY",
    ]);
    for (const problem of problems) expect(problem).not.toContain(marker);
    expect(() => loadConfig(rejected)).toThrow(new ConfigError(problems));
  });

  it("rejects an out-of-range USERS_MAX_IDS and accepts a valid one", () => {
    expect(problemsOf({ USERS_MAX_IDS: "0" })[0]).toBe(
      "USERS_MAX_IDS: must be a whole number of ids from 1 to 100000",
    );
    expect(loadConfig({ USERS_MAX_IDS: "50" }).maxUsersPerRequest).toBe(50);
  });
});
