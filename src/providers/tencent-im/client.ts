import { randomInt } from "node:crypto";
import type { AxiosInstance } from "axios";
import pThrottle from "p-throttle";
import { sleep as realSleep } from "../../domain/clock.js";
import type { SourceError } from "../../errors.js";
import { silentLogger, type Logger } from "../../logger.js";
import { createHttpClient, httpStatusError, transportError } from "../http.js";
import type { TencentImConfig } from "./config.js";
import {
  ACCOUNT_NOT_FOUND,
  OK,
  USERSIG_EXPIRED,
  isConfigurationError,
  isRetryableInRequest,
  tencentImError,
} from "./error-codes.js";
import { STANDARD_TAG_NAMES } from "./tags.js";
import type { PortraitGetRequest, PortraitGetResponse, ProfileItem } from "./types.js";
import type { UserSigSource } from "./user-sig.js";

/** Tencent's documented limit of accounts in one portrait_get call. */
export const MAX_ACCOUNTS_PER_CALL = 100;

export const PORTRAIT_GET_PATH = "/v4/profile/portrait_get";

/**
 * The limiter's window is a little longer than Tencent's second: calls leave exactly one window apart, but arrive
 * with network jitter, and a sliding one-second window on the other side would count the two ends together.
 */
const RATE_WINDOW_MS = 1050;

/** What portrait_get said about one account. */
export type AccountOutcome =
  | { status: "found"; items: ProfileItem[] }
  | { status: "not-found" }
  | { status: "failed"; error: SourceError };

/**
 * The source's settings (the custom tags are requested besides the standard ones), the UserSig source that signs
 * every call, and the collaborators tests replace.
 */
export interface TencentImClientOptions extends Pick<
  TencentImConfig,
  "baseUrl" | "sdkAppId" | "adminIdentifier" | "customTags" | "timeoutMs" | "maxCallsPerSecond"
> {
  userSig: UserSigSource;
  /** Retries within one request for rate-limit and transient codes; each waits twice as long as the last. */
  retries?: number;
  retryDelayMs?: number;
  http?: AxiosInstance;
  logger?: Logger;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Client of Tencent Cloud Chat's `v4/profile/portrait_get`. Signs every call with the cached UserSig, spaces
 * calls within the per-app rate, renews the UserSig once when Tencent says it expired, and retries rate-limit and
 * transient codes with back-off. Never throws for an API-level error: every account gets an outcome.
 */
export class TencentImClient {
  private readonly http: AxiosInstance;
  private readonly tags: string[];
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly throttledPost: (accounts: readonly string[]) => Promise<PortraitGetResponse>;

  constructor(private readonly options: TencentImClientOptions) {
    this.http = options.http ?? createHttpClient({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
    this.tags = [...STANDARD_TAG_NAMES, ...options.customTags];
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? (() => randomInt(0, 2 ** 32));
    this.sleep = options.sleep ?? realSleep;
    const throttle = pThrottle({
      limit: options.maxCallsPerSecond,
      interval: RATE_WINDOW_MS,
      strict: true,
    });
    this.throttledPost = throttle((accounts: readonly string[]) => this.post(accounts));
  }

  /** Looks up at most 100 accounts in one call (more after retries); returns an outcome for every account. */
  async portraitGet(accounts: readonly string[]): Promise<Map<string, AccountOutcome>> {
    if (accounts.length === 0) return new Map();
    if (accounts.length > MAX_ACCOUNTS_PER_CALL) {
      throw new RangeError(
        `portrait_get takes at most ${MAX_ACCOUNTS_PER_CALL} accounts, got ${accounts.length}`,
      );
    }
    const retries = this.options.retries ?? 2;
    let renewedUserSig = false;
    for (let attempt = 0; ; attempt++) {
      let response: PortraitGetResponse;
      try {
        response = await this.throttledPost(accounts);
      } catch (error) {
        const failure = transportError(error, "tencentIm", "Tencent IM");
        this.logger.warn("tencentIm portrait_get failed below the API", { error: failure.message });
        return allFailed(accounts, failure);
      }
      const code = response.ErrorCode ?? OK;
      if (code === USERSIG_EXPIRED && !renewedUserSig) {
        this.logger.info("tencentIm UserSig expired; signing a new one", { code });
        this.options.userSig.invalidate();
        renewedUserSig = true;
        continue;
      }
      if (isRetryableInRequest(code) && attempt < retries && !hasItems(response)) {
        await this.sleep((this.options.retryDelayMs ?? 100) * 2 ** attempt);
        continue;
      }
      if (code !== OK && code !== ACCOUNT_NOT_FOUND) {
        const level = isConfigurationError(code) ? "error" : "warn";
        this.logger[level]("tencentIm portrait_get returned an error", {
          code,
          info: response.ErrorInfo,
          accounts: accounts.length,
          configuration: isConfigurationError(code),
        });
      }
      return interpret(accounts, response);
    }
  }

  private async post(accounts: readonly string[]): Promise<PortraitGetResponse> {
    const body: PortraitGetRequest = { To_Account: [...accounts], TagList: this.tags };
    const response = await this.http.post<PortraitGetResponse>(PORTRAIT_GET_PATH, body, {
      params: {
        sdkappid: this.options.sdkAppId,
        identifier: this.options.adminIdentifier,
        usersig: this.options.userSig.current(),
        random: this.random(),
        contenttype: "json",
      },
    });
    if (response.status !== 200) throw httpStatusError(response.status, "tencentIm", "Tencent IM");
    const data = response.data as PortraitGetResponse | undefined;
    if (!data || typeof data !== "object" || typeof data.ErrorCode !== "number") {
      throw httpStatusError(response.status, "tencentIm", "Tencent IM (unreadable answer)");
    }
    return data;
  }
}

function hasItems(response: PortraitGetResponse): boolean {
  return (response.UserProfileItem?.length ?? 0) > 0;
}

function allFailed(accounts: readonly string[], error: SourceError): Map<string, AccountOutcome> {
  return new Map(accounts.map((account) => [account, { status: "failed", error }]));
}

/**
 * Per-item results win over the call-level code: Tencent reports a partial failure as items with their own
 * ResultCode. With no items, the call-level code speaks for every account.
 */
function interpret(accounts: readonly string[], response: PortraitGetResponse): Map<string, AccountOutcome> {
  const code = response.ErrorCode ?? OK;
  if (!hasItems(response)) {
    if (code === OK || code === ACCOUNT_NOT_FOUND) {
      return new Map(accounts.map((account) => [account, { status: "not-found" }]));
    }
    return allFailed(accounts, tencentImError(code));
  }
  const outcomes = new Map<string, AccountOutcome>();
  for (const item of response.UserProfileItem ?? []) {
    if (item.ResultCode === OK)
      outcomes.set(item.To_Account, { status: "found", items: item.ProfileItem ?? [] });
    else if (item.ResultCode === ACCOUNT_NOT_FOUND) outcomes.set(item.To_Account, { status: "not-found" });
    else outcomes.set(item.To_Account, { status: "failed", error: tencentImError(item.ResultCode) });
  }
  for (const account of accounts) {
    if (!outcomes.has(account)) outcomes.set(account, { status: "not-found" });
  }
  return outcomes;
}
