import { constants, privateDecrypt } from "node:crypto";
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Logger } from "../../../src/logger.js";
import {
  OneAccessClient,
  PROFILE_PATH,
  PUBLIC_KEY_PATH,
  SERVER_DATE_PATH,
} from "../../../src/providers/one-access/client.js";
import type { OneAccessDevice } from "../../../src/providers/one-access/device.js";
import { oneAccessViewerCredential } from "../../../src/providers/one-access/viewer-credential.js";
import { failure, recordingLogger } from "../../support/doubles.js";
import { testKeyPair } from "../../support/key-pairs.js";

/**
 * OneAccessClient over real HTTP against a scripted upstream: every path answers what a test says, and the
 * profile path decrypts X-signature (OAEP SHA-256 for both digests, node:crypto) to answer the signed session's
 * profile. It pins the client's envelope handling: which answers are errors, with which code, provider code and
 * message, and how many calls each recovery makes.
 */
type Answer = { status?: number; body: unknown };
type Script = Partial<Record<string, (call: number, req: http.IncomingMessage) => Answer>>;

const keys = testKeyPair("oneAccess");
const PEM = keys.publicKey.export({ type: "spki", format: "pem" }).toString();
const NOW = "1700000000123";

let script: Script = {};
let calls: Record<string, IncomingHttpHeaders[]> = {};
let url: string;

const defaults: Record<string, (req: http.IncomingMessage) => Answer> = {
  [PUBLIC_KEY_PATH]: () => ({ body: { public_key: PEM } }),
  [SERVER_DATE_PATH]: () => ({ body: { timestamp: NOW } }),
  [PROFILE_PATH]: (req) => {
    const plaintext = privateDecrypt(
      { key: keys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      Buffer.from(String(req.headers["x-signature"]), "base64"),
    ).toString("utf8");
    const fields = new URLSearchParams(plaintext);
    return { body: { user_name: fields.get("session_token"), attr_nick_name: fields.get("timestamp") } };
  },
};

const server = http.createServer((req, res) => {
  const path = req.url ?? "";
  (calls[path] ??= []).push(req.headers);
  const scripted = script[path];
  const answer = scripted ? scripted(calls[path].length, req) : defaults[path]!(req);
  res.writeHead(answer.status ?? 200, { "content-type": "application/json" });
  res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  script = {};
  calls = {};
});

const device: OneAccessDevice = {
  operatingSystemVersion: "Android 14",
  fingerprint: "fp-1",
  agent: "test-agent",
};

function client(options: { baseUrl?: string; logger?: Logger } = {}) {
  return new OneAccessClient({
    baseUrl: options.baseUrl ?? url,
    clientId: "client-1",
    timeoutMs: 2_000,
    mgf1Hash: "sha256",
    logger: options.logger,
  });
}

const count = (path: string) => calls[path]?.length ?? 0;
const refuse = (code: unknown) => () => ({
  status: 400,
  body: { error_code: code, error_msg: "vendor text" },
});

describe("OneAccessClient, envelope and recovery", () => {
  it("answers the signed session's profile and forwards the device's ip and language when known", async () => {
    const profile = await client().profile("session-a", { ...device, ip: "203.0.113.9", language: "de-DE" });
    expect(profile).toEqual({ user_name: "session-a", attr_nick_name: NOW });
    expect(calls[PROFILE_PATH]![0]).toMatchObject({
      "x-device-ip": "203.0.113.9",
      "x-l": "de-DE",
      "x-client-id": "client-1",
      "x-agent": "test-agent",
    });
    await client().profile("session-a", device);
    expect(calls[PROFILE_PATH]![1]).not.toHaveProperty("x-device-ip");
    expect(calls[PROFILE_PATH]![1]).not.toHaveProperty("x-l");
  });

  it("shares one call between concurrent requests of one session, never between two sessions", async () => {
    const oneAccess = client();
    const [a1, a2, b] = await Promise.all([
      oneAccess.profile("session-a", device),
      oneAccess.profile("session-a", device),
      oneAccess.profile("session-b", device),
    ]);
    expect([a1.user_name, a2.user_name, b.user_name]).toEqual(["session-a", "session-a", "session-b"]);
    expect(count(PROFILE_PATH)).toBe(2);
  });

  it("signs again once, with a fresh server date, when OneAccess calls the signature replayed (APP.0005)", async () => {
    script[PROFILE_PATH] = (n, req) => (n === 1 ? refuse("APP.0005")() : defaults[PROFILE_PATH]!(req));
    expect(await client().profile("session-a", device)).toEqual({
      user_name: "session-a",
      attr_nick_name: NOW,
    });
    expect([count(SERVER_DATE_PATH), count(PROFILE_PATH), count(PUBLIC_KEY_PATH)]).toEqual([2, 2, 1]);
  });

  it("fails with the replay's code when the second signature is refused as well", async () => {
    script[PROFILE_PATH] = refuse("APP.0005");
    expect(await failure(client().profile("session-a", device))).toMatchObject({
      extensions: {
        code: "SOURCE_UNAVAILABLE",
        source: "oneAccess",
        providerCode: "APP.0005",
        retryable: true,
      },
    });
    expect([count(SERVER_DATE_PATH), count(PROFILE_PATH)]).toEqual([2, 2]);
  });

  it("fails with the HTTP status, never a provider code, for an answer outside the protocol", async () => {
    script[PROFILE_PATH] = () => ({ status: 503, body: { error_code: "APP.0002" } });
    expect(await failure(client().profile("session-a", device))).toEqual({
      message: "Huawei OneAccess answered HTTP 503",
      extensions: { code: "SOURCE_UNAVAILABLE", source: "oneAccess", providerCode: 503, retryable: true },
      configuration: false,
    });
    for (const body of [{ error_msg: "no code" }, { error_code: 7 }, "null"]) {
      script[PROFILE_PATH] = () => ({ status: 400, body });
      expect(await failure(client().profile("session-a", device))).toMatchObject({
        message: "Huawei OneAccess answered HTTP 400",
        extensions: { code: "SOURCE_UNAVAILABLE", providerCode: 400, retryable: false },
      });
    }
  });

  it("fails on a 200 whose body is not a profile", async () => {
    for (const body of ["[1]", '"a string"', "null"]) {
      script[PROFILE_PATH] = () => ({ body });
      expect(await failure(client().profile("session-a", device))).toMatchObject({
        message: "Huawei OneAccess (an answer that is not a profile) answered HTTP 200",
        extensions: { code: "SOURCE_UNAVAILABLE", source: "oneAccess", providerCode: 200 },
      });
    }
  });

  it("logs a refusal with its code, but not an expired session (the user's business, not the operator's)", async () => {
    const logger = recordingLogger();
    script[PROFILE_PATH] = refuse("APP.0004");
    expect(await failure(client({ logger }).profile("session-a", device))).toMatchObject({
      extensions: { code: "SOURCE_UNAVAILABLE", providerCode: "APP.0004", retryable: false },
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![1]).toEqual({ code: "APP.0004", info: "vendor text" });

    script[PROFILE_PATH] = refuse("APP.0002");
    expect(await failure(client({ logger }).profile("session-a", device))).toMatchObject({
      message: "The OneAccess session is invalid or has expired: sign in again",
      extensions: { code: "UNAUTHENTICATED", source: "oneAccess", providerCode: "APP.0002" },
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it("fetches the public key again on the next call after a failed fetch, and says what failed", async () => {
    script[PUBLIC_KEY_PATH] = (n) => (n === 1 ? { status: 502, body: "" } : { body: { public_key: PEM } });
    const oneAccess = client();
    expect(await failure(oneAccess.profile("session-a", device))).toMatchObject({
      message: "Huawei OneAccess public key answered HTTP 502",
      extensions: { code: "SOURCE_UNAVAILABLE", providerCode: 502, retryable: true },
    });
    expect((await oneAccess.profile("session-a", device)).user_name).toBe("session-a");
    expect(count(PUBLIC_KEY_PATH)).toBe(2);
  });

  /** Each answer of the helper endpoint at `path`, in turn, fails the profile with that message and status. */
  async function expectEachRefused(path: string, cases: [Answer, string, number][]) {
    for (const [answer, message, status] of cases) {
      script[path] = () => answer;
      expect(await failure(client().profile("session-a", device))).toMatchObject({
        message,
        extensions: { code: "SOURCE_UNAVAILABLE", source: "oneAccess", providerCode: status },
      });
    }
  }

  it("refuses a public key answer that is not a 200 with a key, or a key that does not parse", async () => {
    const cases: [Answer, string, number][] = [
      [{ status: 503, body: { public_key: PEM } }, "Huawei OneAccess public key answered HTTP 503", 503],
      [{ body: {} }, "Huawei OneAccess public key answered HTTP 200", 200],
      [{ body: "null" }, "Huawei OneAccess public key answered HTTP 200", 200],
      [{ status: 503, body: {} }, "Huawei OneAccess public key answered HTTP 503", 503],
      [
        { body: { public_key: "not a key" } },
        "Huawei OneAccess (public key that does not parse) answered HTTP 200",
        200,
      ],
    ];
    await expectEachRefused(PUBLIC_KEY_PATH, cases);
    expect(count(PROFILE_PATH)).toBe(0);
  });

  it("reports OneAccess's own code when a helper endpoint refuses the request", async () => {
    script[PUBLIC_KEY_PATH] = refuse("APP.0006");
    expect(await failure(client().profile("session-a", device))).toMatchObject({
      extensions: { code: "SOURCE_UNAVAILABLE", providerCode: "APP.0006" },
      configuration: true,
    });
  });

  it("signs a server date given as a string or a number, and refuses any other answer", async () => {
    script[SERVER_DATE_PATH] = () => ({ body: { timestamp: 1700000000456 } });
    expect((await client().profile("session-a", device)).attr_nick_name).toBe("1700000000456");
    script[SERVER_DATE_PATH] = () => ({ body: { timestamp: "v2-17" } });
    expect((await client().profile("session-a", device)).attr_nick_name).toBe("v2-17");

    const cases: [Answer, string, number][] = [
      [{ body: {} }, "Huawei OneAccess server date answered HTTP 200", 200],
      [{ body: { timestamp: true } }, "Huawei OneAccess server date answered HTTP 200", 200],
      [{ status: 503, body: { timestamp: NOW } }, "Huawei OneAccess server date answered HTTP 503", 503],
      [
        { status: 503, body: { timestamp: 1700000000456 } },
        "Huawei OneAccess server date answered HTTP 503",
        503,
      ],
    ];
    await expectEachRefused(SERVER_DATE_PATH, cases);
  });

  it("names OneAccess when it cannot be reached", async () => {
    // The discard port: nothing listens there, unlike a freed port that a test server beside this one may get.
    expect(await failure(client({ baseUrl: "http://127.0.0.1:9" }).profile("s", device))).toEqual({
      message: "Huawei OneAccess could not be reached (ECONNREFUSED)",
      extensions: { code: "SOURCE_UNAVAILABLE", source: "oneAccess", retryable: true },
      configuration: false,
    });
  });
});

describe("OneAccess viewer credential", () => {
  const headers = {
    "x-oneaccess-session-token": "session-v",
    "x-operating-sys-version": "Android 14",
    "x-device-fingerprint": "fp-1",
    "x-agent": "test-agent",
  };

  it("loads the profile of the request's session, once however often it is asked for", async () => {
    const credential = oneAccessViewerCredential(client(), headers);
    if (credential.status !== "ready") return expect.unreachable(credential.status);
    const [first, second] = await Promise.all([credential.load(), credential.load()]);
    expect(first).toMatchObject({ userName: "session-v", nickname: NOW });
    expect(second).toBe(first);
    expect(count(PROFILE_PATH)).toBe(1);
  });

  it("says what is wrong with a malformed session token or missing device headers", () => {
    expect(oneAccessViewerCredential(client(), { ...headers, "x-oneaccess-session-token": "a b" })).toEqual({
      status: "invalid",
      message: "x-oneaccess-session-token must be at most 128 characters of A-Z a-z 0-9 . _ ~ + / = -",
      extensions: { header: "x-oneaccess-session-token" },
    });
    expect(oneAccessViewerCredential(client(), { "x-oneaccess-session-token": "s", "x-agent": "a" })).toEqual(
      {
        status: "invalid",
        message: "Huawei OneAccess needs the device headers x-operating-sys-version, x-device-fingerprint",
        extensions: { missingHeaders: ["x-operating-sys-version", "x-device-fingerprint"] },
      },
    );
  });
});
