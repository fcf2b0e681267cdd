import { createSign, createVerify, randomBytes, type KeyObject } from "node:crypto";
import express, { type Request, type Response } from "express";
import { systemClock, type Clock } from "../../../domain/clock.js";
import { APPLY_TOKEN_PATH, INQUIRY_USER_INFO_PATH } from "../../../providers/alipay-plus/client.js";
import { ALIPAY_PLUS_DEFAULTS } from "../../../providers/alipay-plus/config.js";
import type {
  AlipayResult,
  ApplyTokenRequest,
  ApplyTokenResponse,
} from "../../../providers/alipay-plus/types.js";
import { EmulatorServer, type BaseFaults } from "../shared/emulator-server.js";
import { seedWalletUsers, visibleInfo, type WalletUser } from "./seed.js";

export interface AlipayPlusFaults extends BaseFaults {
  /** The next N inquiryUserInfo calls answer U / UNKNOWN_EXCEPTION. */
  unknownResults: number;
  /** Every call answers REQUEST_TRAFFIC_EXCEED_LIMIT. */
  trafficLimited: boolean;
  /** Every response carries a signature that does not verify. */
  corruptResponseSignature: boolean;
}

export interface AlipayPlusEmulatorOptions {
  clientId: string;
  /** Verifies the merchant's request signatures. */
  merchantPublicKey: KeyObject;
  /** Signs the wallet's responses. */
  walletPrivateKey: KeyObject;
  pathPrefix?: string;
  keyVersion?: number;
  maxClockSkewMs?: number;
  users?: Map<string, WalletUser>;
  clock?: Clock;
}

interface Grant {
  userId: string;
  expiresAt: number;
}

const DAY = 86_400_000;

/**
 * The wallet's `inquiryUserInfo` and `applyToken`. It checks `Client-Id`, that `Request-Time` is within five
 * minutes, and the request signature with the merchant's public key (URL-encoded or not); checks the access token
 * (unknown → INVALID_ACCESS_TOKEN, expired → EXPIRED_ACCESS_TOKEN); and signs every response with the wallet's key.
 * It builds the signed content, and signs and verifies, with code of its own, not the service's signer, so a
 * signing bug in the service fails against it.
 */
export class AlipayPlusEmulator extends EmulatorServer<AlipayPlusFaults> {
  private readonly clock: Clock;
  private readonly users: Map<string, WalletUser>;
  private readonly accessTokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly authCodes = new Map<string, string>();
  private readonly prefix: string;

  constructor(private readonly options: AlipayPlusEmulatorOptions) {
    super({ latencyMs: 0, unknownResults: 0, trafficLimited: false, corruptResponseSignature: false });
    this.clock = options.clock ?? systemClock;
    this.users = options.users ?? seedWalletUsers();
    this.prefix = (options.pathPrefix ?? ALIPAY_PLUS_DEFAULTS.pathPrefix).replace(/\/+$/, "");
    const now = this.clock.now();
    for (const appUserId of this.users.keys()) {
      this.accessTokens.set(`alipay-token-${appUserId}`, { userId: appUserId, expiresAt: now + 365 * DAY });
      this.authCodes.set(`alipay-auth-code-${appUserId}`, appUserId);
    }
    this.accessTokens.set("alipay-token-expired", { userId: "u1", expiresAt: now - 60_000 });
    // The signature covers the exact bytes: read the body raw.
    const raw = express.text({ type: () => true });
    this.app.post(`${this.prefix}${INQUIRY_USER_INFO_PATH}`, raw, (req, res) =>
      this.inquiryUserInfo(req, res),
    );
    this.app.post(`${this.prefix}${APPLY_TOKEN_PATH}`, raw, (req, res) => this.applyToken(req, res));
  }

  override reset(): void {
    super.reset();
    Object.assign(this.faults, { unknownResults: 0, trafficLimited: false, corruptResponseSignature: false });
  }

  private inquiryUserInfo(req: Request, res: Response): void {
    const refused = this.checkRequest(req);
    if (refused) return this.answer(req, res, { result: refused });
    if (this.faults.trafficLimited) {
      return this.answer(req, res, {
        result: failure("REQUEST_TRAFFIC_EXCEED_LIMIT", "U", "traffic exceeds limit"),
      });
    }
    if (this.faults.unknownResults > 0) {
      this.faults.unknownResults -= 1;
      return this.answer(req, res, { result: failure("UNKNOWN_EXCEPTION", "U", "unknown exception") });
    }
    const body = parseJson(req.body);
    const token = typeof body?.accessToken === "string" ? body.accessToken : "";
    if (!/^[^@#?]{1,128}$/.test(token)) {
      return this.answer(req, res, { result: failure("PARAM_ILLEGAL", "F", "accessToken is illegal") });
    }
    const grant = this.accessTokens.get(token);
    if (!grant)
      return this.answer(req, res, { result: failure("INVALID_ACCESS_TOKEN", "F", "invalid access token") });
    if (grant.expiresAt <= this.clock.now()) {
      return this.answer(req, res, { result: failure("EXPIRED_ACCESS_TOKEN", "F", "access token expired") });
    }
    const user = this.users.get(grant.userId);
    if (!user) return this.answer(req, res, { result: failure("PROCESS_FAIL", "F", "user not found") });
    this.stats.countAccounts(req.path, 1);
    this.answer(req, res, { result: success(), userInfo: visibleInfo(user) });
  }

  private applyToken(req: Request, res: Response): void {
    const refused = this.checkRequest(req);
    if (refused) return this.answer(req, res, { result: refused });
    const body = parseJson(req.body) as Partial<ApplyTokenRequest> | undefined;
    let userId: string | undefined;
    if (body?.grantType === "AUTHORIZATION_CODE" && body.authCode) {
      userId = this.authCodes.get(body.authCode);
      this.authCodes.delete(body.authCode); // an auth code is good once
    } else if (body?.grantType === "REFRESH_TOKEN" && body.refreshToken) {
      const grant = this.refreshTokens.get(body.refreshToken);
      if (grant && grant.expiresAt > this.clock.now()) userId = grant.userId;
      this.refreshTokens.delete(body.refreshToken);
    } else {
      return this.answer(req, res, {
        result: failure("PARAM_ILLEGAL", "F", "grantType and its code are required"),
      });
    }
    if (!userId)
      return this.answer(req, res, { result: failure("INVALID_CODE", "F", "invalid or used code") });
    const now = this.clock.now();
    const accessToken = `alipay-${randomBytes(18).toString("base64url")}`;
    const refreshToken = `alipay-refresh-${randomBytes(18).toString("base64url")}`;
    this.accessTokens.set(accessToken, { userId, expiresAt: now + DAY });
    this.refreshTokens.set(refreshToken, { userId, expiresAt: now + 30 * DAY });
    const answer: ApplyTokenResponse = {
      result: success(),
      accessToken,
      accessTokenExpiryTime: isoTime(now + DAY),
      refreshToken,
      refreshTokenExpiryTime: isoTime(now + 30 * DAY),
      customerId: this.users.get(userId)?.info.userId,
    };
    this.answer(req, res, answer);
  }

  /** Client-Id, Request-Time and the request signature, checked before the body is looked at. */
  private checkRequest(req: Request): AlipayResult | undefined {
    const clientId = req.header("client-id");
    const time = req.header("request-time");
    if (clientId !== this.options.clientId) return failure("INVALID_AUTH_CLIENT", "F", "unknown Client-Id");
    const sent = time ? Date.parse(time) : Number.NaN;
    if (
      !time ||
      Number.isNaN(sent) ||
      Math.abs(this.clock.now() - sent) > (this.options.maxClockSkewMs ?? 300_000)
    ) {
      return failure("INVALID_SIGNATURE", "F", "Request-Time is missing or outside five minutes");
    }
    const signature = signatureFields(req.header("signature"));
    const body = typeof req.body === "string" ? req.body : "";
    const verified =
      signature.algorithm === "RSA256" &&
      Boolean(signature.keyVersion) &&
      Boolean(signature.signature) &&
      verifies(
        this.options.merchantPublicKey,
        `POST ${req.path}\n${clientId}.${time}.${body}`,
        signature.signature!,
      );
    return verified ? undefined : failure("INVALID_SIGNATURE", "F", "signature verification failed");
  }

  /** Every answer is HTTP 200, signed with the wallet's key over Response-Time and the exact body sent. */
  private answer(req: Request, res: Response, payload: object): void {
    const body = JSON.stringify(payload);
    const time = isoTime(this.clock.now());
    let signature = encodeURIComponent(
      createSign("RSA-SHA256")
        .update(`POST ${req.path}\n${this.options.clientId}.${time}.${body}`, "utf8")
        .sign(this.options.walletPrivateKey, "base64"),
    );
    if (this.faults.corruptResponseSignature) signature = `${signature.slice(0, -8)}AAAAAAAA`;
    res
      .status(200)
      .set({
        "Content-Type": "application/json; charset=UTF-8",
        "Client-Id": this.options.clientId,
        "Response-Time": time,
        Signature: `algorithm=RSA256, keyVersion=${this.options.keyVersion ?? 1}, signature=${signature}`,
      })
      .send(body);
  }
}

const success = (): AlipayResult => ({ resultCode: "SUCCESS", resultStatus: "S", resultMessage: "success" });
const failure = (resultCode: string, resultStatus: "U" | "F", resultMessage: string): AlipayResult => ({
  resultCode,
  resultStatus,
  resultMessage,
});

/** The wallet's time format: ISO 8601 in UTC with an explicit offset and no fraction (2024-05-01T08:00:00+00:00). */
const isoTime = (epochMs: number) => `${new Date(epochMs).toISOString().slice(0, 19)}+00:00`;

/** The fields of a `Signature` header (`algorithm=…, keyVersion=…, signature=…`). */
function signatureFields(header: string | undefined): Record<string, string | undefined> {
  const fields: Record<string, string | undefined> = {};
  for (const part of (header ?? "").split(",")) {
    const [name, ...value] = part.split("=");
    if (name && value.length > 0) fields[name.trim()] = value.join("=").trim();
  }
  return fields;
}

/** SHA256withRSA over the content's UTF-8 bytes, for a Base64 signature sent URL-encoded or as it is. */
function verifies(publicKey: KeyObject, content: string, signature: string): boolean {
  let base64: string;
  try {
    base64 = decodeURIComponent(signature);
  } catch {
    return false;
  }
  return createVerify("RSA-SHA256").update(content, "utf8").verify(publicKey, base64, "base64");
}

function parseJson(text: unknown): Record<string, unknown> | undefined {
  try {
    return typeof text === "string" ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
