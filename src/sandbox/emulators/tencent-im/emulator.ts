import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { inflateSync } from "node:zlib";
import express, { type Request, type Response } from "express";
import { systemClock, type Clock } from "../../../domain/clock.js";
import { PORTRAIT_GET_PATH } from "../../../providers/tencent-im/client.js";
import { TENCENT_IM_DEFAULTS } from "../../../providers/tencent-im/config.js";
import { STANDARD_TAG_NAMES } from "../../../providers/tencent-im/tags.js";
import type { PortraitGetResponse, UserProfileItem } from "../../../providers/tencent-im/types.js";
import { EmulatorServer, type BaseFaults } from "../shared/emulator-server.js";
import { seedImUsers, type ImSeedUser } from "./seed.js";

export interface TencentImFaults extends BaseFaults {
  /** When set, every portrait_get call fails with this call-level ErrorCode. */
  callErrorCode: number | null;
  /** Call-level ErrorCodes for the next calls, one per call in order (e.g. [60011, 60011]); then calls succeed. */
  nextCallErrors: number[];
  /** Accounts whose item fails with the given ResultCode (e.g. 40006) while the rest of the call succeeds. */
  failAccounts: Record<string, number>;
  /**
   * When set, the text of every failure (a failed call's ErrorInfo, a failed item's ResultInfo). Tencent writes
   * these for people, and may quote the request in them: the service must never pass them on to its clients.
   */
  errorInfo: string | null;
}

export interface TencentImEmulatorOptions {
  sdkAppId: number;
  secretKey: string;
  adminIdentifier?: string;
  /** Custom tags the app has configured; asking for another is error 40009. */
  customTags?: string[];
  users?: Map<string, ImSeedUser>;
  /** Tencent's per-app limit. */
  maxCallsPerSecond?: number;
  clock?: Clock;
}

const MAX_ACCOUNTS = 100;

/**
 * Tencent Cloud Chat's `v4/profile/portrait_get`, checked the way Tencent checks it: the SDKAppID, the admin
 * identifier, the UserSig (HMAC with the app's key, expiry, identifier and SDKAppID bound in), `random`,
 * `contenttype`, at most 100 accounts, known tags and 200 calls per second. Every API-level error is HTTP 200 with
 * Tencent's envelope; unknown accounts are failed items (40003) listed in `Fail_Account`.
 *
 * Tencent does not document the order of `UserProfileItem`: the emulator answers in a shuffled order, never the
 * request's (for two accounts or more), so a client has to match items by `To_Account`. It verifies the UserSig
 * with its own code, not the service's signer, so a signing bug in the service fails against it.
 */
export class TencentImEmulator extends EmulatorServer<TencentImFaults> {
  private readonly users: Map<string, ImSeedUser>;
  private readonly knownTags: Set<string>;
  private readonly clock: Clock;
  private readonly adminIdentifier: string;
  private recentCalls: number[] = [];

  constructor(private readonly options: TencentImEmulatorOptions) {
    super({ latencyMs: 0, callErrorCode: null, nextCallErrors: [], failAccounts: {}, errorInfo: null });
    this.users = options.users ?? seedImUsers();
    this.knownTags = new Set([...STANDARD_TAG_NAMES, ...(options.customTags ?? ["Tag_Profile_Custom_Test"])]);
    this.clock = options.clock ?? systemClock;
    this.adminIdentifier = options.adminIdentifier ?? TENCENT_IM_DEFAULTS.adminIdentifier;
    this.app.post(PORTRAIT_GET_PATH, express.json({ type: () => true }), (req, res) =>
      this.portraitGet(req, res),
    );
  }

  override reset(): void {
    super.reset();
    this.recentCalls = [];
    Object.assign(this.faults, {
      callErrorCode: null,
      nextCallErrors: [],
      failAccounts: {},
      errorInfo: null,
    });
  }

  private portraitGet(req: Request, res: Response): void {
    const body = (req.body ?? {}) as { To_Account?: unknown; TagList?: unknown };
    const accounts = Array.isArray(body.To_Account) ? body.To_Account : [];
    this.stats.countAccounts(PORTRAIT_GET_PATH, accounts.length);

    const failure = this.checkCall(req, body);
    if (failure) {
      res.json(this.withErrorInfo(failure));
      return;
    }
    const tags = body.TagList as string[];
    const items: UserProfileItem[] = (accounts as string[]).map((account) => {
      const forcedCode = this.faults.failAccounts[account];
      if (forcedCode !== undefined) {
        return { To_Account: account, ResultCode: forcedCode, ResultInfo: "Err_Profile_Comm_Internal_Error" };
      }
      const user = this.users.get(account);
      if (!user)
        return { To_Account: account, ResultCode: 40003, ResultInfo: "Err_Profile_Account_Not_Exist" };
      return {
        To_Account: account,
        ProfileItem: tags
          .filter((tag) => user[tag] !== undefined)
          .map((tag) => ({ Tag: tag, Value: user[tag] })),
        ResultCode: 0,
        ResultInfo: "",
      };
    });
    const failed = items.filter((item) => item.ResultCode !== 0);
    const allFailed = failed.length === items.length;
    const answered = inAnotherOrder(items);
    const response: PortraitGetResponse = {
      UserProfileItem: answered,
      ...(failed.length > 0
        ? { Fail_Account: answered.filter((item) => item.ResultCode !== 0).map((item) => item.To_Account) }
        : {}),
      ActionStatus: allFailed ? "FAIL" : "OK",
      ErrorCode: allFailed ? (failed[0]?.ResultCode ?? 0) : 0,
      ErrorInfo: allFailed ? (failed[0]?.ResultInfo ?? "") : "",
      ErrorDisplay: "",
    };
    res.json(this.withErrorInfo(response));
  }

  /** The errorInfo fault: every failure's text replaced. */
  private withErrorInfo(response: PortraitGetResponse): PortraitGetResponse {
    const info = this.faults.errorInfo;
    if (info === null) return response;
    return {
      ...response,
      ...(response.ErrorCode !== 0 ? { ErrorInfo: info } : {}),
      ...(response.UserProfileItem
        ? {
            UserProfileItem: response.UserProfileItem.map((item) =>
              item.ResultCode !== 0 ? { ...item, ResultInfo: info } : item,
            ),
          }
        : {}),
    };
  }

  /** The checks Tencent makes before it looks at any account, in the order it makes them. */
  private checkCall(
    req: Request,
    body: { To_Account?: unknown; TagList?: unknown },
  ): PortraitGetResponse | null {
    const query = req.query as Record<string, string | undefined>;
    if (this.faults.callErrorCode !== null) return fail(this.faults.callErrorCode, "fault switch");
    const nextError = this.faults.nextCallErrors.shift();
    if (nextError !== undefined) return fail(nextError, "fault switch");
    if (Number(query.sdkappid) !== this.options.sdkAppId) return fail(70020, "SDKAppID not found");
    if (query.contenttype !== "json") return fail(40001, "contenttype must be json");
    if (!/^\d+$/.test(query.random ?? "") || Number(query.random) > 0xffffffff) {
      return fail(40001, "random must be a 32-bit unsigned integer");
    }
    const sigProblem = this.checkUserSig(query.usersig, query.identifier);
    if (sigProblem) return sigProblem;
    if (query.identifier !== this.adminIdentifier)
      return fail(40004, "identifier is not an app administrator");
    if (!this.withinRate()) return fail(60011, "REST API call frequency exceeds the limit");
    if (!Array.isArray(body.To_Account) || body.To_Account.length === 0)
      return fail(40002, "To_Account is missing");
    if (body.To_Account.length > MAX_ACCOUNTS)
      return fail(40001, `To_Account has more than ${MAX_ACCOUNTS} accounts`);
    if (!body.To_Account.every((account) => typeof account === "string"))
      return fail(40001, "To_Account must be strings");
    if (!Array.isArray(body.TagList) || body.TagList.length === 0) return fail(40001, "TagList is missing");
    const unknownTag = (body.TagList as unknown[]).find(
      (tag) => typeof tag !== "string" || !this.knownTags.has(tag),
    );
    if (unknownTag !== undefined) return fail(40009, `tag does not exist: ${String(unknownTag)}`);
    return null;
  }

  private checkUserSig(
    userSig: string | undefined,
    identifier: string | undefined,
  ): PortraitGetResponse | null {
    if (!userSig) return fail(70002, "UserSig is missing");
    let sig: Record<string, unknown>;
    try {
      sig = JSON.parse(inflateSync(fromUrlSafeBase64(userSig)).toString("utf8")) as Record<string, unknown>;
    } catch {
      return fail(70003, "UserSig is invalid");
    }
    const time = Number(sig["TLS.time"]);
    const expire = Number(sig["TLS.expire"]);
    if (sig["TLS.ver"] !== "2.0" || !Number.isInteger(time) || !Number.isInteger(expire)) {
      return fail(70003, "UserSig is invalid");
    }
    if (Number(sig["TLS.sdkappid"]) !== this.options.sdkAppId)
      return fail(70014, "SDKAppID does not match UserSig");
    if (sig["TLS.identifier"] !== identifier) return fail(70013, "identifier does not match UserSig");
    const expected = Buffer.from(
      tlsSig(this.options.secretKey, String(identifier), this.options.sdkAppId, time, expire),
    );
    const given = Buffer.from(String(sig["TLS.sig"] ?? ""));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return fail(70009, "UserSig verification failed");
    }
    if ((time + expire) * 1000 < this.clock.now()) return fail(70001, "UserSig expired");
    return null;
  }

  /** A sliding one-second window over accepted calls. */
  private withinRate(): boolean {
    const now = this.clock.now();
    this.recentCalls = this.recentCalls.filter((at) => at > now - 1000);
    if (this.recentCalls.length >= (this.options.maxCallsPerSecond ?? TENCENT_IM_DEFAULTS.maxCallsPerSecond))
      return false;
    this.recentCalls.push(now);
    return true;
  }
}

function fail(code: number, info: string): PortraitGetResponse {
  return { ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: info, ErrorDisplay: "" };
}

/**
 * `TLS.sig` as Tencent computes it for a UserSig v2 without userbuf: Base64 of HMAC-SHA256, keyed with the secret
 * key as text, over the identifier, SDKAppID, signing time and lifetime, one `name:value` line each.
 */
function tlsSig(
  secretKey: string,
  identifier: string,
  sdkAppId: number,
  time: number,
  expire: number,
): string {
  const content =
    `TLS.identifier:${identifier}\n` +
    `TLS.sdkappid:${sdkAppId}\n` +
    `TLS.time:${time}\n` +
    `TLS.expire:${expire}\n`;
  return createHmac("sha256", Buffer.from(secretKey, "utf8"))
    .update(Buffer.from(content, "utf8"))
    .digest("base64");
}

/** The bytes of a UserSig: Tencent's Base64 writes `*` for `+`, `-` for `/` and `_` for `=`. */
function fromUrlSafeBase64(text: string): Buffer {
  const base64 = [...text].map((char) => ({ "*": "+", "-": "/", _: "=" })[char] ?? char).join("");
  return Buffer.from(base64, "base64");
}

/** The items in a random order that is never the one given (when there are two or more). */
function inAnotherOrder<Item>(items: readonly Item[]): Item[] {
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = randomInt(index + 1);
    [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
  }
  const unchanged = shuffled.every((item, index) => item === items[index]);
  return unchanged && shuffled.length > 1 ? [...shuffled.slice(1), shuffled[0]!] : shuffled;
}
