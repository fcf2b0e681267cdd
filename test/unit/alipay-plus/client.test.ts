import { createSign, createVerify } from "node:crypto";
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Logger } from "../../../src/logger.js";
import { AlipayPlusClient, INQUIRY_USER_INFO_PATH } from "../../../src/providers/alipay-plus/client.js";
import { alipayPlusError } from "../../../src/providers/alipay-plus/error-codes.js";
import { failure, recordingLogger } from "../../support/doubles.js";
import { testKeyPair } from "../../support/key-pairs.js";

/**
 * AlipayPlusClient over real HTTP against a scripted wallet. The wallet here checks the request's signature and
 * signs its answers with node:crypto directly, in code of its own (not the client's signing helpers), so a signing
 * bug in the client fails here. It pins what the client sends, which answers it refuses and with which message.
 */
const merchant = testKeyPair("merchant");
const wallet = testKeyPair("wallet");
const CLIENT_ID = "MINI_TEST";
const PATH = `/api${INQUIRY_USER_INFO_PATH}`;
/** 2024-05-01T08:00:00.123Z: the fake clock's time; the wallet's format drops the fraction. */
const NOW = Date.UTC(2024, 4, 1, 8, 0, 0, 123);
const NOW_TEXT = "2024-05-01T08:00:00+00:00";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the Signature header verified, by the wallet's own reading of the documented scheme. */
  signatureValid: boolean;
}
interface Answer {
  status?: number;
  body: string;
  /** Signed by default; `false` sends no signature headers; a function signs what it returns. */
  sign?: false | ((body: string) => { responseTime?: string; signature?: string; headerValue?: string });
}

let answer: (received: Received) => Answer;
let received: Received[] = [];
let url: string;

/** The wallet's signature of an answer: `POST {path}\n{Client-Id}.{Response-Time}.{body}`, SHA256withRSA. */
const walletSignature = (time: string, body: string, path = PATH) =>
  createSign("RSA-SHA256")
    .update(`POST ${path}\n${CLIENT_ID}.${time}.${body}`)
    .sign(wallet.privateKey, "base64");

function requestSignatureValid(path: string, headers: IncomingHttpHeaders, body: string): boolean {
  const match = /signature=([^,\s]+)/.exec(String(headers.signature));
  if (!match) return false;
  return createVerify("RSA-SHA256")
    .update(`POST ${path}\n${String(headers["client-id"])}.${String(headers["request-time"])}.${body}`)
    .verify(merchant.publicKey, decodeURIComponent(match[1]!), "base64");
}

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    const path = req.url ?? "";
    const request = {
      path,
      headers: req.headers,
      body,
      signatureValid: requestSignatureValid(path, req.headers, body),
    };
    received.push(request);
    const reply = answer(request);
    const headers: Record<string, string> = { "content-type": "application/json; charset=UTF-8" };
    if (reply.sign !== false) {
      const time = "2024-05-01T08:00:01+00:00";
      const signed = reply.sign?.(reply.body) ?? {
        responseTime: time,
        signature: walletSignature(time, reply.body, path),
      };
      if (signed.responseTime !== undefined) headers["response-time"] = signed.responseTime;
      const value = signed.headerValue ?? (signed.signature && encodeURIComponent(signed.signature));
      if (value !== undefined) headers.signature = `algorithm=RSA256, keyVersion=1, signature=${value}`;
    }
    res.writeHead(reply.status ?? 200, headers);
    res.end(reply.body);
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  received = [];
  answer = () => ({ body: success({ userId: "2160" }) });
});

const success = (userInfo: unknown) =>
  JSON.stringify({
    result: { resultStatus: "S", resultCode: "SUCCESS", resultMessage: "success" },
    userInfo,
  });
const failed = (resultStatus: string, resultCode: string) =>
  JSON.stringify({ result: { resultStatus, resultCode, resultMessage: "wallet text" } });

function client(
  options: { baseUrl?: string; pathPrefix?: string; logger?: Logger; urlEncode?: boolean } = {},
) {
  return new AlipayPlusClient({
    baseUrl: options.baseUrl ?? url,
    pathPrefix: options.pathPrefix ?? "/api",
    clientId: CLIENT_ID,
    privateKey: merchant.privateKey,
    walletPublicKey: wallet.publicKey,
    keyVersion: 3,
    urlEncodeSignature: options.urlEncode ?? true,
    timeoutMs: 2_000,
    clock: { now: () => NOW },
    logger: options.logger,
  });
}

const unusable = (what: string) => ({
  message: `Alipay+ sent ${what}`,
  extensions: { code: "SOURCE_UNAVAILABLE", source: "alipayPlus", retryable: false },
  configuration: false,
});

describe("AlipayPlusClient, the request it sends", () => {
  it("POSTs the token as JSON, signed by the merchant key over path, Client-Id, Request-Time and body", async () => {
    expect(await client().inquiryUserInfo("token-1")).toEqual({ userId: "2160" });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.path).toBe(PATH);
    expect(JSON.parse(request!.body)).toEqual({ accessToken: "token-1" });
    expect(request!.headers).toMatchObject({
      "content-type": "application/json; charset=UTF-8",
      "client-id": CLIENT_ID,
      // The client's clock, in the wallet's format.
      "request-time": NOW_TEXT,
    });
    expect(request!.headers.signature).toMatch(/^algorithm=RSA256, keyVersion=3, signature=\S+$/);
    expect(request!.signatureValid).toBe(true);
  });

  it("URL-encodes the signature by default and sends it as is when told not to", async () => {
    await client().inquiryUserInfo("token-1");
    await client({ urlEncode: false }).inquiryUserInfo("token-1");
    const [encoded, plain] = received.map((r) => /signature=(\S+)$/.exec(String(r.headers.signature))![1]!);
    expect(encoded).toMatch(/%/);
    expect(plain).not.toMatch(/%/);
    expect(decodeURIComponent(encoded!)).toBe(plain);
    expect(received.every((r) => r.signatureValid)).toBe(true);
  });

  it("drops every trailing slash of the path prefix", async () => {
    await client({ pathPrefix: "/api//" }).inquiryUserInfo("token-1");
    expect(received[0]!.path).toBe(PATH);
    expect(received[0]!.signatureValid).toBe(true);
  });
});

describe("AlipayPlusClient, the answers it takes and refuses", () => {
  it("S with userInfo null or absent is no data, without an error", async () => {
    answer = () => ({ body: success(null) });
    expect(await client().inquiryUserInfo("token-1")).toBeNull();
    answer = () => ({ body: JSON.stringify({ result: { resultStatus: "S", resultCode: "SUCCESS" } }) });
    expect(await client().inquiryUserInfo("token-1")).toBeNull();
  });

  it("an answer whose result is not S, F or U, or whose code is not a string, has no readable result", async () => {
    for (const body of [
      failed("X", "SUCCESS"),
      JSON.stringify({ result: { resultStatus: "F", resultCode: 5 } }),
      JSON.stringify({ result: { resultStatus: "S", resultCode: "SUCCESS" }, userInfo: "x" }),
      JSON.stringify({ result: { resultStatus: "S", resultCode: "SUCCESS" }, userInfo: ["x"] }),
      JSON.stringify({ result: "S" }),
      "null",
    ]) {
      answer = () => ({ body });
      expect(await failure(client().inquiryUserInfo("token-1")), body).toEqual(
        unusable("an answer without a readable result"),
      );
    }
  });

  it("a signed answer that is not JSON is refused as such", async () => {
    answer = () => ({ body: "<html>wallet</html>" });
    expect(await failure(client().inquiryUserInfo("token-1"))).toEqual(
      unusable("an answer that is not JSON"),
    );
  });

  it("an answer without a signature, without Response-Time, or with a signature that is not URL-decodable is refused and logged", async () => {
    const body = success({ userId: "2160" });
    for (const sign of [
      false as const,
      // Signed over a missing time: only the missing Response-Time header is wrong.
      () => ({ signature: walletSignature("undefined", body) }),
      () => ({ responseTime: "2024-05-01T08:00:01+00:00", signature: undefined }),
      // URL-encoded, but not decodable.
      () => ({ responseTime: "2024-05-01T08:00:01+00:00", headerValue: "%E0%A4%A" }),
    ]) {
      const logger = recordingLogger();
      answer = () => ({ body, sign });
      expect(await failure(client({ logger }).inquiryUserInfo("token-1"))).toEqual(
        unusable("an answer whose signature does not verify"),
      );
      expect(logger.error).toHaveBeenCalledTimes(1);
    }
  });

  it("a gateway's HTTP status is that status, whatever the body", async () => {
    answer = () => ({ status: 502, body: "<html>Bad Gateway</html>", sign: false });
    expect(await failure(client().inquiryUserInfo("token-1"))).toEqual({
      message: "Alipay+ answered HTTP 502",
      extensions: { code: "SOURCE_UNAVAILABLE", source: "alipayPlus", providerCode: 502, retryable: true },
      configuration: false,
    });
  });

  it("a wallet that cannot be reached is SOURCE_UNAVAILABLE, retryable, naming it", async () => {
    // The discard port: nothing listens there.
    expect(await failure(client({ baseUrl: "http://127.0.0.1:9" }).inquiryUserInfo("token-1"))).toEqual({
      message: "Alipay+ could not be reached (ECONNREFUSED)",
      extensions: { code: "SOURCE_UNAVAILABLE", source: "alipayPlus", retryable: true },
      configuration: false,
    });
  });

  it("logs a wallet's refusal, but not a token the user must renew", async () => {
    const logger = recordingLogger();
    answer = () => ({ body: failed("F", "ACCESS_DENIED") });
    await failure(client({ logger }).inquiryUserInfo("token-1"));
    expect(logger.warn).toHaveBeenCalledTimes(1);
    answer = () => ({ body: failed("F", "EXPIRED_ACCESS_TOKEN") });
    await failure(client({ logger }).inquiryUserInfo("token-1"));
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});

describe("the wallet's result codes in the graph's vocabulary", () => {
  const error = (resultStatus: "F" | "U", resultCode: string) => {
    const e = alipayPlusError({ resultStatus, resultCode, resultMessage: "wallet text" });
    return { message: e.message, extensions: e.extensions, configuration: e.configuration };
  };
  const of = (code: string, retryable: boolean, providerCode: string) => ({
    code,
    source: "alipayPlus",
    providerCode,
    retryable,
  });

  it("an invalid or expired token: UNAUTHENTICATED, authorise again", () => {
    for (const code of ["INVALID_ACCESS_TOKEN", "EXPIRED_ACCESS_TOKEN"]) {
      expect(error("F", code)).toEqual({
        message: "The wallet access token is invalid or has expired: authorise again",
        extensions: of("UNAUTHENTICATED", false, code),
        configuration: false,
      });
    }
  });

  it("the wallet's rate limit: SOURCE_RATE_LIMITED, retryable", () => {
    expect(error("F", "REQUEST_TRAFFIC_EXCEED_LIMIT")).toEqual({
      message: "The wallet is rate limiting this service",
      extensions: of("SOURCE_RATE_LIMITED", true, "REQUEST_TRAFFIC_EXCEED_LIMIT"),
      configuration: false,
    });
  });

  it("ACCESS_DENIED: FORBIDDEN", () => {
    expect(error("F", "ACCESS_DENIED")).toEqual({
      message: "The wallet does not let this mini program read that user",
      extensions: of("FORBIDDEN", false, "ACCESS_DENIED"),
      configuration: false,
    });
  });

  it("anything else: SOURCE_UNAVAILABLE, retryable when U, a configuration problem when the merchant was refused", () => {
    expect(error("F", "USER_NOT_EXIST")).toEqual({
      message: "The wallet could not return the user (USER_NOT_EXIST)",
      extensions: of("SOURCE_UNAVAILABLE", false, "USER_NOT_EXIST"),
      configuration: false,
    });
    expect(error("U", "UNKNOWN_EXCEPTION").extensions).toEqual(
      of("SOURCE_UNAVAILABLE", true, "UNKNOWN_EXCEPTION"),
    );
    for (const code of [
      "INVALID_AUTH_CLIENT",
      "INVALID_CLIENT_STATUS",
      "INVALID_SIGNATURE",
      "KEY_NOT_FOUND",
    ]) {
      expect(error("F", code).configuration, code).toBe(true);
    }
  });
});
