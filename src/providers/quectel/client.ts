import type { AxiosInstance } from "axios";
import pLimit, { type LimitFunction } from "p-limit";
import type { Clock } from "../../domain/clock.js";
import { ErrorCode, SourceError } from "../../errors.js";
import { silentLogger, type Logger } from "../../logger.js";
import { createHttpClient, httpStatusError, transportError } from "../http.js";
import { QuectelTokenManager, isSuccessCode } from "./auth.js";
import type { QuectelEnvelope, QuectelUserInfo } from "./types.js";

export const USER_INFO_PATH = "/v2/enduser/enterpriseapi/userInfo";

/** Token verification failed: log in again once and retry. */
const TOKEN_REJECTED = 5032;
const NO_PERMISSION = 5041;

export interface QuectelClientOptions {
  baseUrl: string;
  accessKey: string;
  accessSecret: string;
  timeoutMs?: number;
  /** userInfo calls in flight at once, across the process. */
  maxConcurrency?: number;
  http?: AxiosInstance;
  clock?: Clock;
  logger?: Logger;
}

/**
 * Client of Quectel's end-user `userInfo?uid=`: one user per call (there is no batch endpoint), at most
 * `maxConcurrency` calls in flight, one process-wide token (see QuectelTokenManager) sent bare in Authorization.
 */
export class QuectelClient {
  private readonly http: AxiosInstance;
  private readonly tokens: QuectelTokenManager;
  private readonly limit: LimitFunction;
  private readonly logger: Logger;

  constructor(options: QuectelClientOptions) {
    this.http =
      options.http ?? createHttpClient({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs ?? 3000 });
    this.logger = options.logger ?? silentLogger;
    this.tokens = new QuectelTokenManager({
      http: this.http,
      accessKey: options.accessKey,
      accessSecret: options.accessSecret,
      clock: options.clock,
      logger: this.logger,
    });
    this.limit = pLimit(options.maxConcurrency ?? 16);
  }

  /** The user's record, or null when Quectel does not know the uid. Throws a SourceError otherwise. */
  userInfo(uid: string): Promise<QuectelUserInfo | null> {
    return this.limit(() => this.fetchUserInfo(uid));
  }

  private async fetchUserInfo(uid: string): Promise<QuectelUserInfo | null> {
    let envelope = await this.send(uid, await this.tokens.current());
    if (envelope.code === TOKEN_REJECTED) {
      this.logger.info("quectel rejected the token (5032); logging in again", {});
      envelope = await this.send(uid, await this.tokens.current());
    }
    if (isSuccessCode(envelope.code))
      return isUnknownUser(envelope) ? null : (envelope.data as QuectelUserInfo);
    throw quectelError(envelope.code);
  }

  private async send(uid: string, token: string): Promise<QuectelEnvelope<QuectelUserInfo>> {
    let envelope: QuectelEnvelope<QuectelUserInfo>;
    try {
      const response = await this.http.get<QuectelEnvelope<QuectelUserInfo>>(USER_INFO_PATH, {
        params: { uid },
        headers: { Authorization: token },
      });
      if (typeof response.data?.code !== "number")
        throw httpStatusError(response.status, "quectel", "Quectel");
      envelope = response.data;
    } catch (error) {
      throw transportError(error, "quectel", "Quectel");
    }
    if (envelope.code === TOKEN_REJECTED) this.tokens.invalidate(token);
    return envelope;
  }
}

/**
 * The documentation does not say how userInfo answers for a uid it does not know; a success envelope with no
 * `data` (or data without a uid) is taken to mean exactly that. Change it here if the vendor says otherwise.
 */
function isUnknownUser(envelope: QuectelEnvelope<QuectelUserInfo>): boolean {
  return !envelope.data || typeof envelope.data !== "object" || !envelope.data.uid;
}

function quectelError(code: number): SourceError {
  if (code === NO_PERMISSION) {
    return new SourceError("Quectel does not let this service read that user (code 5041)", {
      code: ErrorCode.FORBIDDEN,
      source: "quectel",
      providerCode: code,
    });
  }
  return new SourceError(`Quectel could not return the user (code ${code})`, {
    code: ErrorCode.SOURCE_UNAVAILABLE,
    source: "quectel",
    providerCode: code,
    // 5032 here survived a fresh login; 5065/5106 are requests this client should never send.
    retryable: false,
  });
}
