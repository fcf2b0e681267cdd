import axios from "axios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OneAccessEmulator } from "../../src/sandbox/emulators/one-access/emulator.js";
import { PROFILE_PATH, PUBLIC_KEY_PATH, SERVER_DATE_PATH } from "../../src/providers/one-access/client.js";
import { constants, publicEncrypt, type KeyObject } from "node:crypto";
import forge from "node-forge";
import { parsePublicKey, signSession } from "../../src/providers/one-access/signature.js";

const clientId = "direct-client";
const device = {
  "X-operating-sys-version": "Android 14",
  "X-device-fingerprint": "fp-1",
  "X-agent": "test",
  "X-client-id": clientId,
};

/**
 * Encrypts any plaintext the way the vendor's Java sample runs on the JDK (OAEP SHA-256, MGF1 SHA-1), with
 * node-forge and options written here, independently of the service's signer.
 */
function encryptLikeJava(publicKey: KeyObject, plaintext: string): string {
  const forgeKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  const oaep = { md: forge.md.sha256.create(), mgf1: { md: forge.md.sha1.create() } };
  return Buffer.from(forgeKey.encrypt(plaintext, "RSA-OAEP", oaep), "binary").toString("base64");
}

/** RSA-OAEP with SHA-256 for the OAEP digest and MGF1 alike, by node:crypto. */
const encryptSha256 = (publicKey: KeyObject, plaintext: string) =>
  publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    Buffer.from(plaintext),
  ).toString("base64");

const plaintextFor = (token: string, timestamp: string) =>
  `session_token=${token}&timestamp=${timestamp}&nonce=${BigInt(timestamp).toString(16)}`;

describe("OneAccess emulator, called directly", () => {
  const emulator = new OneAccessEmulator({ clientId });
  let url: string;
  beforeAll(async () => {
    url = await emulator.listen(0);
  });
  afterAll(() => emulator.close());

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await axios.get(`${url}${path}`, {
      headers: { ...device, ...headers },
      validateStatus: () => true,
    });
    return { status: response.status, body: response.data as Record<string, unknown> };
  };
  const key = async () => parsePublicKey(String((await get(PUBLIC_KEY_PATH)).body.public_key));
  const now = async () => String((await get(SERVER_DATE_PATH)).body.timestamp);
  const encrypt = async (plaintext: string) => encryptLikeJava(await key(), plaintext);

  it("answers the session's profile for a correct signature, and refuses the same signature replayed", async () => {
    const signature = signSession(await key(), "oneaccess-session-u7", await now());
    const first = await get(PROFILE_PATH, { "X-signature": signature });
    expect(first).toMatchObject({
      status: 200,
      body: { user_name: "user7", email: "u7@oneaccess.example.com" },
    });
    const replay = await get(PROFILE_PATH, { "X-signature": signature });
    expect(replay).toEqual({
      status: 400,
      body: { error_code: "APP.0005", error_msg: "replayed signature" },
    });
  });

  it("refuses a tampered signature, a stale timestamp, a wrong nonce and an unknown or expired session", async () => {
    const good = Buffer.from(signSession(await key(), "oneaccess-session-u7", await now()), "base64");
    good[10] = good[10]! ^ 0xff;
    expect((await get(PROFILE_PATH, { "X-signature": good.toString("base64") })).body.error_code).toBe(
      "APP.0001",
    );

    const stale = String(Date.now() - 10 * 60_000);
    expect(
      (await get(PROFILE_PATH, { "X-signature": signSession(await key(), "oneaccess-session-u7", stale) }))
        .body.error_code,
    ).toBe("APP.0003");

    const ts = await now();
    const wrongNonce = await encrypt(`session_token=oneaccess-session-u7&timestamp=${ts}&nonce=${ts}`);
    expect((await get(PROFILE_PATH, { "X-signature": wrongNonce })).body.error_code).toBe("APP.0004");

    for (const session of ["no-such-session", "oneaccess-session-expired"]) {
      const signature = signSession(await key(), session, await now());
      expect((await get(PROFILE_PATH, { "X-signature": signature })).body.error_code).toBe("APP.0002");
    }
  });

  it("decrypts what the Java sample encrypts (MGF1 SHA-1), not SHA-256 for both", async () => {
    const java = await encrypt(plaintextFor("oneaccess-session-u8", await now()));
    expect(await get(PROFILE_PATH, { "X-signature": java })).toMatchObject({
      status: 200,
      body: { user_name: "user8" },
    });
    const sha256 = encryptSha256(await key(), plaintextFor("oneaccess-session-u8", await now()));
    expect(await get(PROFILE_PATH, { "X-signature": sha256 })).toEqual({
      status: 400,
      body: { error_code: "APP.0001", error_msg: "signature verification failed" },
    });
  });

  it("refuses a profile call without X-signature, and one that is not an RSA block at all", async () => {
    expect(await get(PROFILE_PATH)).toEqual({
      status: 400,
      body: { error_code: "APP.0006", error_msg: "missing X-signature" },
    });
    expect((await get(PROFILE_PATH, { "X-signature": "c2hvcnQ=" })).body.error_code).toBe("APP.0001");
  });

  it("requires the documented headers and the application's client id on every call", async () => {
    for (const header of Object.keys(device)) {
      const { [header]: _left, ...others } = device as Record<string, string>;
      const response = await axios.get(`${url}${PUBLIC_KEY_PATH}`, {
        headers: others,
        validateStatus: () => true,
      });
      expect(response.status, header).toBe(400);
      expect(response.data, header).toEqual({
        error_code: "APP.0006",
        error_msg: `missing headers: ${header.toLowerCase()}`,
      });
    }
    const { status, body } = await axios
      .get(`${url}${SERVER_DATE_PATH}`, { headers: { "X-client-id": clientId }, validateStatus: () => true })
      .then((response) => ({ status: response.status, body: response.data as Record<string, unknown> }));
    expect(status).toBe(400);
    expect(body.error_code).toBe("APP.0006");
    expect((await get(PUBLIC_KEY_PATH, { "X-client-id": "another" })).body.error_code).toBe("APP.0006");
  });
});

describe("OneAccess emulator for an ISV application's tenant", () => {
  const emulator = new OneAccessEmulator({ clientId, tenantId: "tenant-1", mgf1Hash: "sha256" });
  let url: string;
  beforeAll(async () => {
    url = await emulator.listen(0);
  });
  afterAll(() => emulator.close());

  const get = async (path: string, headers: Record<string, string>) => {
    const response = await axios.get(`${url}${path}`, {
      headers: { ...device, ...headers },
      validateStatus: () => true,
    });
    return { status: response.status, body: response.data as Record<string, unknown> };
  };

  it("answers only calls that name its tenant in X-tenant-id", async () => {
    expect((await get(SERVER_DATE_PATH, { "X-tenant-id": "tenant-1" })).status).toBe(200);
    for (const tenant of [{}, { "X-tenant-id": "tenant-2" }] as Record<string, string>[]) {
      expect(await get(SERVER_DATE_PATH, tenant)).toEqual({
        status: 400,
        body: { error_code: "APP.0006", error_msg: "unknown tenant id" },
      });
    }
  });

  it("a tenant that uses SHA-256 for MGF1 too decrypts node:crypto's OAEP, and refuses the Java sample's", async () => {
    const tenant = { "X-tenant-id": "tenant-1" };
    const publicKey = parsePublicKey(String((await get(PUBLIC_KEY_PATH, tenant)).body.public_key));
    const timestamp = async () => String((await get(SERVER_DATE_PATH, tenant)).body.timestamp);
    const sha256 = encryptSha256(publicKey, plaintextFor("oneaccess-session-u9", await timestamp()));
    expect(await get(PROFILE_PATH, { ...tenant, "X-signature": sha256 })).toMatchObject({
      status: 200,
      body: { user_name: "user9" },
    });
    const java = encryptLikeJava(publicKey, plaintextFor("oneaccess-session-u9", await timestamp()));
    expect((await get(PROFILE_PATH, { ...tenant, "X-signature": java })).body.error_code).toBe("APP.0001");
  });
});
