import { constants, privateDecrypt } from "node:crypto";
import forge from "node-forge";
import { describe, expect, it } from "vitest";
import { Gender } from "../../../src/domain/gender.js";
import { readOneAccessCredentials } from "../../../src/providers/one-access/device.js";
import { parseBirthday, toOneAccessProfile } from "../../../src/providers/one-access/mapper.js";
import type { OneAccessProfileRecord } from "../../../src/providers/one-access/model.js";
import { oneAccessSource } from "../../../src/providers/one-access/source.js";
import { oneAccessSettings } from "../../../src/providers/one-access/config.js";
import { oneAccessError } from "../../../src/providers/one-access/error-codes.js";
import {
  forgeOaepOptions,
  nonceFor,
  parsePublicKey,
  signSession,
} from "../../../src/providers/one-access/signature.js";
import { testKeyPair } from "../../support/key-pairs.js";

const { publicKey, privateKey } = testKeyPair("oneAccess");
const pem = publicKey.export({ type: "spki", format: "pem" }).toString();

/** Decrypts with node:crypto (SHA-256 for OAEP and MGF1 alike). */
function decryptSha256(signature: string): string {
  return privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    Buffer.from(signature, "base64"),
  ).toString("utf8");
}

/** Decrypts with node-forge: OAEP SHA-256, MGF1 SHA-1, as the JDK runs the vendor's Java sample. */
function decryptMgf1Sha1(signature: string): string {
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString());
  const oaep = { md: forge.md.sha256.create(), mgf1: { md: forge.md.sha1.create() } };
  return key.decrypt(Buffer.from(signature, "base64").toString("binary"), "RSA-OAEP", oaep);
}

describe("OneAccess X-signature", () => {
  const expected = "session_token=session-abc&timestamp=1700000000123&nonce=18bcfe5687b";

  it("by default: RSA-OAEP SHA-256 with MGF1 SHA-1 over session_token, timestamp and the hex nonce", () => {
    const signature = signSession(parsePublicKey(pem), "session-abc", "1700000000123");
    expect(decryptMgf1Sha1(signature)).toBe(expected);
    expect(() => decryptSha256(signature)).toThrow();
    // OAEP is randomised: the same input never gives the same signature twice.
    expect(signSession(parsePublicKey(pem), "session-abc", "1700000000123")).not.toBe(signature);
  });

  it("with mgf1Hash sha256: SHA-256 for OAEP and MGF1 alike", () => {
    const signature = signSession(parsePublicKey(pem), "session-abc", "1700000000123", "sha256");
    expect(decryptSha256(signature)).toBe(expected);
    expect(() => decryptMgf1Sha1(signature)).toThrow();
  });

  it("accepts the public key as PEM, as bare Base64 and as PEM with literal \\n sequences", () => {
    const bare = publicKey.export({ type: "spki", format: "der" }).toString("base64");
    const escaped = pem.replace(/\n/g, "\\n");
    for (const form of [pem, bare, escaped, `  ${bare}\n`]) {
      expect(decryptMgf1Sha1(signSession(parsePublicKey(form), "t", "1"))).toBe(
        "session_token=t&timestamp=1&nonce=1",
      );
    }
  });

  it("writes the nonce as lowercase hex of the timestamp, also past 2^53", () => {
    expect(nonceFor("255")).toBe("ff");
    expect(nonceFor("18446744073709551615")).toBe("ffffffffffffffff");
  });

  it("hex-encodes a timestamp that is not all digits byte by byte (UTF-8), digits at either end or not", () => {
    expect(nonceFor("v2-17")).toBe("76322d3137");
    expect(nonceFor("17ms")).toBe("31376d73");
    expect(nonceFor("é1")).toBe("c3a931");
  });

  it("accepts a PEM key with blank lines around it and bare Base64 wrapped in lines", () => {
    const wrapped = publicKey
      .export({ type: "spki", format: "der" })
      .toString("base64")
      .replace(/.{64}/g, "$&\r\n");
    for (const form of [`\n  ${pem}  \n`, wrapped]) {
      expect(decryptMgf1Sha1(signSession(parsePublicKey(form), "t", "1"))).toBe(
        "session_token=t&timestamp=1&nonce=1",
      );
    }
  });

  it("gives node-forge the MGF1 digest asked for, and SHA-256 for OAEP either way", () => {
    const digests = (mgf1: "sha1" | "sha256") => {
      const options = forgeOaepOptions(mgf1);
      return [options.md.algorithm, options.mgf1.md.algorithm];
    };
    expect(digests("sha1")).toEqual(["sha256", "sha1"]);
    expect(digests("sha256")).toEqual(["sha256", "sha256"]);
  });
});

describe("OneAccess request headers", () => {
  it("takes x-agent from User-Agent when absent and names the missing device headers", () => {
    expect(
      readOneAccessCredentials({
        "x-oneaccess-session-token": "s",
        "x-operating-sys-version": "iOS 18",
        "x-device-fingerprint": "fp",
        "user-agent": "Mozilla/5.0",
      }),
    ).toEqual({
      status: "ok",
      sessionToken: "s",
      device: { operatingSystemVersion: "iOS 18", fingerprint: "fp", agent: "Mozilla/5.0" },
    });
    expect(readOneAccessCredentials({ "x-oneaccess-session-token": "s" })).toEqual({
      status: "missing-device-headers",
      missing: ["x-operating-sys-version", "x-device-fingerprint", "x-agent"],
    });
    expect(readOneAccessCredentials({ "x-operating-sys-version": "iOS" })).toEqual({ status: "no-session" });
  });

  it("prefers x-agent to User-Agent and reads the optional ip and language headers", () => {
    expect(
      readOneAccessCredentials({
        "x-oneaccess-session-token": "s",
        "x-operating-sys-version": "iOS 18",
        "x-device-fingerprint": "fp",
        "x-agent": "OneAccessSDK/3",
        "user-agent": "Mozilla/5.0",
        "x-device-ip": "203.0.113.9",
        "x-l": "de-DE",
      }),
    ).toEqual({
      status: "ok",
      sessionToken: "s",
      device: {
        operatingSystemVersion: "iOS 18",
        fingerprint: "fp",
        agent: "OneAccessSDK/3",
        ip: "203.0.113.9",
        language: "de-DE",
      },
    });
  });
});

describe("OneAccess profile mapping", () => {
  it("reads birthdays as yyyy-MM-dd or as in the sample (Feb 17, 2022), and never fails on others", () => {
    expect(parseBirthday("2022-02-17")).toBe("2022-02-17");
    expect(parseBirthday("Feb 17, 2022")).toBe("2022-02-17");
    expect(parseBirthday("17 February 2022")).toBe("2022-02-17");
    expect(parseBirthday("2022-02-30")).toBeNull();
    expect(parseBirthday("Foo 17, 2022")).toBeNull();
    expect(parseBirthday("soon")).toBeNull();
    expect(parseBirthday(20220217)).toBeNull();
  });

  it("reads month names in full or abbreviated, with or without the comma, and only the whole text", () => {
    expect(parseBirthday("February 17, 2022")).toBe("2022-02-17");
    expect(parseBirthday("Feb. 17 2022")).toBe("2022-02-17");
    expect(parseBirthday("17 Feb. 2022")).toBe("2022-02-17");
    for (const raw of ["1 Feb 17, 2022", "Feb 17, 20221", "x17 Feb 2022", "17 Feb 20221", "x2022-02-17"]) {
      expect(parseBirthday(raw), raw).toBeNull();
    }
  });

  it("maps unknow and unknown alike, parses a JSON-string extension and keeps an object one", () => {
    const a = toOneAccessProfile({ attr_gender: "unknow", extension: '{"team":"a"}', head_img: "" });
    const b = toOneAccessProfile({ attr_gender: "Unknown", extension: { team: "b" } });
    const c = toOneAccessProfile({ attr_gender: "female", extension: "plain text" });
    expect([a.gender, b.gender, c.gender]).toEqual([Gender.UNKNOWN, Gender.UNKNOWN, Gender.FEMALE]);
    expect([a.extension, b.extension, c.extension]).toEqual([{ team: "a" }, { team: "b" }, "plain text"]);
    expect(a.avatarUrl).toBeNull();
  });

  it("maps a gender it does not know to null, also one named like an Object property", () => {
    for (const gender of ["other", "constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(toOneAccessProfile({ attr_gender: gender }).gender, gender).toBeNull();
    }
    expect(toOneAccessProfile({}).gender).toBeNull();
  });

  it("maps an absent or empty extension to null", () => {
    expect(toOneAccessProfile({}).extension).toBeNull();
    expect(toOneAccessProfile({ extension: "" }).extension).toBeNull();
    expect(toOneAccessProfile({ extension: 7 }).extension).toBe(7);
  });
});

describe("OneAccess source", () => {
  const record = (fields: Partial<OneAccessProfileRecord>) => ({ ...toOneAccessProfile({}), ...fields });
  const displayName = oneAccessSource.profile.displayName!;

  it("names the user by nickname, then name, then first and last name, else null", () => {
    expect(displayName(record({ nickname: "Nick", name: "Full" }))).toBe("Nick");
    expect(displayName(record({ name: "Full", firstName: "Ada" }))).toBe("Full");
    expect(displayName(record({ firstName: "Ada", lastName: "Lovelace" }))).toBe("Ada Lovelace");
    expect(displayName(record({ lastName: "Lovelace" }))).toBe("Lovelace");
    expect(displayName(record({}))).toBeNull();
  });

  it("is configured only when both the base URL and the client id are set", () => {
    const fromEnvironment = (env: Record<string, string>) =>
      oneAccessSettings.fromEnvironment(env as Parameters<typeof oneAccessSettings.fromEnvironment>[0], []);
    const url = "https://oneaccess.example.com";
    expect(fromEnvironment({})).toBeNull();
    expect(fromEnvironment({ ONEACCESS_BASE_URL: url })).toBeNull();
    expect(fromEnvironment({ ONEACCESS_CLIENT_ID: "app" })).toBeNull();
    expect(fromEnvironment({ ONEACCESS_BASE_URL: url, ONEACCESS_CLIENT_ID: "app" })).toMatchObject({
      baseUrl: url,
      clientId: "app",
    });
  });
});

describe("OneAccess error codes", () => {
  it("maps an invalid session to UNAUTHENTICATED, telling the user to sign in again", () => {
    const error = oneAccessError("APP.0002");
    expect(error.message).toBe("The OneAccess session is invalid or has expired: sign in again");
    expect(error.extensions).toEqual({
      code: "UNAUTHENTICATED",
      source: "oneAccess",
      providerCode: "APP.0002",
      retryable: false,
    });
  });

  it("marks a stale timestamp and a replayed signature retryable, and only an unknown client a configuration error", () => {
    const summary = (code: string) => {
      const error = oneAccessError(code);
      return [
        error.extensions.code,
        error.extensions.providerCode,
        error.extensions.retryable,
        error.configuration,
      ];
    };
    expect(["APP.0001", "APP.0003", "APP.0004", "APP.0005", "APP.0006", "APP.9999"].map(summary)).toEqual([
      ["SOURCE_UNAVAILABLE", "APP.0001", false, false],
      ["SOURCE_UNAVAILABLE", "APP.0003", true, false],
      ["SOURCE_UNAVAILABLE", "APP.0004", false, false],
      ["SOURCE_UNAVAILABLE", "APP.0005", true, false],
      ["SOURCE_UNAVAILABLE", "APP.0006", false, true],
      ["SOURCE_UNAVAILABLE", "APP.9999", false, false],
    ]);
    expect(oneAccessError("APP.0004").message).toBe(
      "Huawei OneAccess refused the profile request (code APP.0004)",
    );
  });
});
