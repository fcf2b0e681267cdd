import type { AlipayPlusConfig } from "./config.js";
import { systemClock, type Clock } from "../../domain/clock.js";
import { ErrorCode, SourceError } from "../../errors.js";
import { silentLogger, type Logger } from "../../logger.js";
import { createHttpClient, httpStatusError, transportError, type HttpClient } from "../http.js";
import { alipayPlusError } from "./error-codes.js";
import {
  parseSignatureHeader,
  requestTime,
  sign,
  signatureHeader,
  signedContent,
  verify,
} from "./signature.js";
import type { AlipayUserInfo, InquiryUserInfoRequest, InquiryUserInfoResponse } from "./types.js";

export const INQUIRY_USER_INFO_PATH = "/v1/users/inquiryUserInfo";
export const APPLY_TOKEN_PATH = "/v1/authorizations/applyToken";

/**
 * The source's settings (`pathPrefix` goes before every API path and is signed as part of it; the merchant's
 * private key signs requests, the wallet's public key verifies responses), and the collaborators tests replace.
 */
export interface AlipayPlusClientOptions extends AlipayPlusConfig {
  http?: HttpClient;
  clock?: Clock;
  logger?: Logger;
}

const LABEL = "Alipay+";

/**
 * Client of the wallet's `inquiryUserInfo` for the signed-in user's own access token. The body is serialised
 * once and those exact bytes are signed and sent; the response is verified over its raw bytes with the wallet's
 * public key before it is parsed, so an answer that does not verify is never taken as data. A `U` result is
 * retried once.
 */
export class AlipayPlusClient {
  private readonly http: HttpClient;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly path: string;

  constructor(private readonly options: AlipayPlusClientOptions) {
    this.http = options.http ?? createHttpClient({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.path = `${options.pathPrefix.replace(/\/+$/, "")}${INQUIRY_USER_INFO_PATH}`;
  }

  /** The user's info, or null when the wallet answered S without it. Throws a SourceError otherwise. */
  async inquiryUserInfo(accessToken: string): Promise<AlipayUserInfo | null> {
    let response = await this.call({ accessToken });
    if (
      response.result.resultStatus === "U" &&
      response.result.resultCode !== "REQUEST_TRAFFIC_EXCEED_LIMIT"
    ) {
      this.logger.info("alipayPlus answered U; retrying once", { resultCode: response.result.resultCode });
      response = await this.call({ accessToken });
    }
    if (response.result.resultStatus === "S") return response.userInfo ?? null;
    const error = alipayPlusError(response.result);
    if (error.code !== ErrorCode.UNAUTHENTICATED) {
      this.logger.warn("alipayPlus inquiryUserInfo failed", {
        resultCode: response.result.resultCode,
        resultStatus: response.result.resultStatus,
      });
    }
    throw error;
  }

  private async call(request: InquiryUserInfoRequest): Promise<InquiryUserInfoResponse> {
    const body = JSON.stringify(request);
    const time = requestTime(this.clock.now());
    const signature = sign(
      this.options.privateKey,
      signedContent(this.path, this.options.clientId, time, body),
      this.options.urlEncodeSignature,
    );
    let status: number;
    let raw: string;
    let headers: Record<string, unknown>;
    try {
      const response = await this.http.post<string>(this.path, body, {
        headers: {
          "Content-Type": "application/json; charset=UTF-8",
          "Client-Id": this.options.clientId,
          "Request-Time": time,
          Signature: signatureHeader(this.options.keyVersion, signature),
        },
        // The signature covers the raw bytes: keep them as they came.
        text: true,
      });
      ({ status, data: raw, headers } = response);
    } catch (error) {
      throw transportError(error, "alipayPlus", LABEL);
    }
    if (status !== 200) throw httpStatusError(status, "alipayPlus", LABEL);
    this.verifyResponse(raw, headers);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw unusable("an answer that is not JSON");
    }
    if (!isInquiryResponse(parsed)) throw unusable("an answer without a readable result");
    return parsed;
  }

  private verifyResponse(raw: string, headers: Record<string, unknown>): void {
    const responseTime = headers["response-time"];
    const parsed = parseSignatureHeader(
      typeof headers.signature === "string" ? headers.signature : undefined,
    );
    const verified =
      typeof responseTime === "string" &&
      parsed !== undefined &&
      verify(
        this.options.walletPublicKey,
        signedContent(this.path, this.options.clientId, responseTime, raw),
        parsed.signature,
      );
    if (!verified) {
      this.logger.error("alipayPlus response signature did not verify; the answer was discarded", {});
      throw unusable("an answer whose signature does not verify");
    }
  }
}

function unusable(what: string): SourceError {
  return new SourceError(`${LABEL} sent ${what}`, {
    code: ErrorCode.SOURCE_UNAVAILABLE,
    source: "alipayPlus",
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A signed answer must still have the documented shape: a result with its status and code, user info an object. */
function isInquiryResponse(value: unknown): value is InquiryUserInfoResponse {
  if (!isRecord(value) || !isRecord(value.result)) return false;
  const { resultStatus, resultCode } = value.result;
  if (!["S", "F", "U"].includes(resultStatus as string) || typeof resultCode !== "string") return false;
  return value.userInfo === undefined || value.userInfo === null || isRecord(value.userInfo);
}
