import axios from "axios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OneAccessEmulator } from "../../src/sandbox/emulators/one-access/emulator.js";
import { PROFILE_PATH, PUBLIC_KEY_PATH, SERVER_DATE_PATH } from "../../src/providers/one-access/client.js";
import forge from "node-forge";
import { forgeOaepOptions, parsePublicKey, signSession } from "../../src/providers/one-access/signature.js";

const clientId = "direct-client";
const device = {
  "X-operating-sys-version": "Android 14",
  "X-device-fingerprint": "fp-1",
  "X-agent": "test",
  "X-client-id": clientId,
};

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
  /** Encrypts any plaintext the way the vendor's Java sample does (OAEP SHA-256, MGF1 SHA-1). */
  const encrypt = async (plaintext: string) => {
    const forgeKey = forge.pki.publicKeyFromPem(
      (await key()).export({ type: "spki", format: "pem" }).toString(),
    );
    return Buffer.from(forgeKey.encrypt(plaintext, "RSA-OAEP", forgeOaepOptions("sha1")), "binary").toString(
      "base64",
    );
  };

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

  it("requires the documented headers and the application's client id on every call", async () => {
    const { status, body } = await axios
      .get(`${url}${SERVER_DATE_PATH}`, { headers: { "X-client-id": clientId }, validateStatus: () => true })
      .then((response) => ({ status: response.status, body: response.data as Record<string, unknown> }));
    expect(status).toBe(400);
    expect(body.error_code).toBe("APP.0006");
    expect((await get(PUBLIC_KEY_PATH, { "X-client-id": "another" })).body.error_code).toBe("APP.0006");
  });
});
