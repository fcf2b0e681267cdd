import pLimit, { type LimitFunction } from "p-limit";
import type { Clock } from "../../domain/clock.js";
import { silentLogger, type Logger } from "../../logger.js";
import { createHttpClient, httpStatusError, transportError, type HttpClient } from "../http.js";
import { QuectelTokenManager, type TokenStore } from "./auth.js";
import type { QuectelConfig } from "./config.js";
import {
  TOKEN_REJECTED,
  isSuccessCode,
  quectelAnswerMismatch,
  quectelError,
  quectelNotSent,
  quectelQueueFull,
} from "./error-codes.js";
import type { QuectelEnvelope, QuectelUserInfo } from "./types.js";

export const USER_INFO_PATH = "/v2/enduser/enterpriseapi/userInfo";

/** The source's settings, and the collaborators tests replace. */
export interface QuectelClientOptions extends QuectelConfig {
  /** Where a fleet shares its token (null: this process's own). */
  tokenStore?: TokenStore | null;
  http?: HttpClient;
  clock?: Clock;
  logger?: Logger;
}

/**
 * Client of Quectel's end-user `userInfo?uid=`: one user per call (there is no batch endpoint), at most
 * `maxConcurrency` calls in flight and `maxQueued` waiting for them, one process-wide token (see
 * QuectelTokenManager) sent bare in Authorization.
 */
export class QuectelClient {
  private readonly http: HttpClient;
  private readonly tokens: QuectelTokenManager;
  private readonly limit: LimitFunction;
  private readonly logger: Logger;
  private readonly maxQueued: number;

  constructor(options: QuectelClientOptions) {
    this.http = options.http ?? createHttpClient({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
    this.logger = options.logger ?? silentLogger;
    this.tokens = new QuectelTokenManager({
      http: this.http,
      accessKey: options.accessKey,
      accessSecret: options.accessSecret,
      clock: options.clock,
      store: options.tokenStore ?? null,
      logger: this.logger,
    });
    this.limit = pLimit(options.maxConcurrency);
    this.maxQueued = options.maxQueued;
  }

  /**
   * The user's record, or null when Quectel does not know the uid. Throws a SourceError otherwise. A call still
   * waiting for a slot when `signal` aborts (its request's time is up) is not sent.
   */
  userInfo(uid: string, signal?: AbortSignal): Promise<QuectelUserInfo | null> {
    if (this.limit.pendingCount >= this.maxQueued) return Promise.reject(quectelQueueFull(this.maxQueued));
    return this.limit(() => {
      if (signal?.aborted) throw quectelNotSent();
      return this.fetchUserInfo(uid);
    });
  }

  private async fetchUserInfo(uid: string): Promise<QuectelUserInfo | null> {
    let envelope = await this.send(uid, await this.tokens.current());
    if (envelope.code === TOKEN_REJECTED) {
      this.logger.info("quectel rejected the token (5032); logging in again", {});
      envelope = await this.send(uid, await this.tokens.current());
    }
    if (isSuccessCode(envelope.code)) {
      if (isUnknownUser(envelope)) return null;
      const data = envelope.data as QuectelUserInfo;
      // An answer about another user is never taken for this one's.
      if (String(data.uid) !== uid) throw quectelAnswerMismatch();
      return data;
    }
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
  return !(envelope.data as Partial<QuectelUserInfo> | null | undefined)?.uid;
}
