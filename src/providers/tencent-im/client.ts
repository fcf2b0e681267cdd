import { randomInt } from "node:crypto";
import { ErrorCode, SourceError } from "../../errors.js";
import { silentLogger, type Logger } from "../../logger.js";
import { createHttpClient, httpStatusError, transportError, type HttpClient } from "../http.js";
import type { TencentImConfig } from "./config.js";
import {
  ACCOUNT_NOT_FOUND,
  OK,
  USERSIG_EXPIRED,
  isConfigurationError,
  isRateLimited,
  isSignatureFailureLimit,
  isTransient,
  tencentImError,
} from "./error-codes.js";
import { STANDARD_TAG_NAMES } from "./tags.js";
import type { PortraitGetRequest, PortraitGetResponse, ProfileItem } from "./types.js";
import type { UserSigSource } from "./user-sig.js";

/** Tencent's documented limit of accounts in one portrait_get call. */
export const MAX_ACCOUNTS_PER_CALL = 100;

export const PORTRAIT_GET_PATH = "/v4/profile/portrait_get";

/** What portrait_get said about one account. */
export type AccountOutcome =
  | { status: "found"; items: ProfileItem[] }
  | { status: "not-found" }
  | { status: "failed"; error: SourceError };

/**
 * What one portrait_get call came to: an outcome for every account, or a refusal of the whole call that the same
 * call may overcome if sent again (the UserSig was renewed, Tencent's rate or a passing fault) — whether and when
 * to send it again is the batcher's decision, since it owns the call budget and the callers' deadlines. `error`
 * is what each account gets if it is not sent again; `slowDown` asks the budget to pause.
 */
export type PortraitAnswer =
  | { status: "answered"; outcomes: Map<string, AccountOutcome>; slowDown: boolean }
  | { status: "retry"; reason: "usersig-renewed" | "rate-limited" | "transient"; error: SourceError };

/**
 * The source's settings (the custom tags are requested besides the standard ones), the UserSig source that signs
 * every call, and the collaborators tests replace.
 */
export interface TencentImClientOptions extends Pick<
  TencentImConfig,
  "baseUrl" | "sdkAppId" | "adminIdentifier" | "customTags" | "timeoutMs"
> {
  userSig: UserSigSource;
  http?: HttpClient;
  logger?: Logger;
  random?: () => number;
}

/**
 * Client of Tencent Cloud Chat's `v4/profile/portrait_get`: one signed call of at most 100 accounts, read into
 * an outcome per account (matched by `To_Account`, never by position). It renews the UserSig when Tencent says it
 * expired, and never throws for an API-level error. It neither waits nor retries: see PortraitBatcher.
 */
export class TencentImClient {
  private readonly http: HttpClient;
  private readonly tags: string[];
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly fixedQuery: string;

  constructor(private readonly options: TencentImClientOptions) {
    this.http = options.http ?? createHttpClient({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
    this.tags = [...STANDARD_TAG_NAMES, ...options.customTags];
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? (() => randomInt(0, 2 ** 32));
    // The query parameters every call carries unchanged, written once (`params` would encode them anew on every
    // call).
    this.fixedQuery = new URLSearchParams({
      sdkappid: String(options.sdkAppId),
      identifier: options.adminIdentifier,
      contenttype: "json",
    }).toString();
  }

  /** One portrait_get call for at most 100 accounts. */
  async portraitGet(accounts: readonly string[]): Promise<PortraitAnswer> {
    if (accounts.length === 0) return { status: "answered", outcomes: new Map(), slowDown: false };
    if (accounts.length > MAX_ACCOUNTS_PER_CALL) {
      throw new RangeError(
        `portrait_get takes at most ${MAX_ACCOUNTS_PER_CALL} accounts, got ${accounts.length}`,
      );
    }
    let response: PortraitGetResponse;
    try {
      response = await this.post(accounts);
    } catch (error) {
      const failure = transportError(error, "tencentIm", "Tencent IM");
      this.logger.warn("tencentIm portrait_get failed below the API", { error: failure.message });
      return { status: "answered", outcomes: allFailed(accounts, failure), slowDown: false };
    }
    const code = response.ErrorCode ?? OK;
    if (!hasItems(response)) {
      if (code === USERSIG_EXPIRED) {
        this.logger.info("tencentIm UserSig expired; signing a new one", { code });
        this.options.userSig.invalidate();
        return { status: "retry", reason: "usersig-renewed", error: tencentImError(code) };
      }
      if (isRateLimited(code))
        return { status: "retry", reason: "rate-limited", error: tencentImError(code) };
      if (isTransient(code)) return { status: "retry", reason: "transient", error: tencentImError(code) };
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
    return {
      status: "answered",
      outcomes: interpret(accounts, response),
      slowDown: isSignatureFailureLimit(code),
    };
  }

  private async post(accounts: readonly string[]): Promise<PortraitGetResponse> {
    const body: PortraitGetRequest = { To_Account: [...accounts], TagList: this.tags };
    const query = `${this.fixedQuery}&usersig=${encodeURIComponent(this.options.userSig.current())}&random=${this.random()}`;
    const response = await this.http.post<PortraitGetResponse>(`${PORTRAIT_GET_PATH}?${query}`, body);
    if (response.status !== 200) throw httpStatusError(response.status, "tencentIm", "Tencent IM");
    const data = response.data as PortraitGetResponse | undefined;
    if (!data || typeof data !== "object" || typeof data.ErrorCode !== "number") {
      throw httpStatusError(response.status, "tencentIm", "Tencent IM (unreadable answer)");
    }
    return data;
  }
}

/** The answer's items, or null when `UserProfileItem` is there but is not a list. */
function itemsOf(response: PortraitGetResponse): unknown[] | null {
  const items: unknown = response.UserProfileItem;
  if (items === undefined || items === null) return [];
  return Array.isArray(items) ? items : null;
}

function hasItems(response: PortraitGetResponse): boolean {
  return (itemsOf(response)?.length ?? 0) > 0;
}

function allFailed(accounts: readonly string[], error: SourceError): Map<string, AccountOutcome> {
  return new Map(accounts.map((account) => [account, { status: "failed", error }]));
}

/** An account, or a whole answer, that Tencent answered in a shape this client cannot read. */
const unreadable = () =>
  new SourceError("Tencent IM answered something unreadable for this account", {
    code: ErrorCode.SOURCE_UNAVAILABLE,
    source: "tencentIm",
    retryable: true,
  });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An item's tags, or null unless they are a list of `{Tag: string, Value}`. */
function profileItemsOf(value: unknown): ProfileItem[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return null;
  return value.every((tag) => isRecord(tag) && typeof tag.Tag === "string") ? (value as ProfileItem[]) : null;
}

/**
 * Per-item results win over the call-level code: Tencent reports a partial failure as items with their own
 * ResultCode. With no items, the call-level code speaks for every account. Items are matched by `To_Account`,
 * never by position, and each is checked on its own: a malformed item fails its own account only; an item that
 * cannot be told apart (no readable `To_Account`) leaves the accounts without an answer failed, not "not found".
 */
function interpret(accounts: readonly string[], response: PortraitGetResponse): Map<string, AccountOutcome> {
  const code = response.ErrorCode ?? OK;
  const items = itemsOf(response);
  if (items === null) return allFailed(accounts, unreadable());
  if (items.length === 0) {
    if (code === OK || code === ACCOUNT_NOT_FOUND) {
      return new Map(accounts.map((account) => [account, { status: "not-found" }]));
    }
    return allFailed(accounts, tencentImError(code));
  }
  const asked = new Set(accounts);
  const outcomes = new Map<string, AccountOutcome>();
  let unattributed = false;
  for (const item of items) {
    if (!isRecord(item) || typeof item.To_Account !== "string") {
      unattributed = true;
      continue;
    }
    const account = item.To_Account;
    if (!asked.has(account) || outcomes.has(account)) continue;
    const tags = profileItemsOf(item.ProfileItem);
    if (typeof item.ResultCode !== "number") outcomes.set(account, { status: "failed", error: unreadable() });
    else if (item.ResultCode === OK)
      outcomes.set(
        account,
        tags ? { status: "found", items: tags } : { status: "failed", error: unreadable() },
      );
    else if (item.ResultCode === ACCOUNT_NOT_FOUND) outcomes.set(account, { status: "not-found" });
    else outcomes.set(account, { status: "failed", error: tencentImError(item.ResultCode) });
  }
  for (const account of accounts) {
    if (!outcomes.has(account))
      outcomes.set(
        account,
        unattributed ? { status: "failed", error: unreadable() } : { status: "not-found" },
      );
  }
  return outcomes;
}
