import { createHash } from "node:crypto";
import { sleep, systemClock, type Clock } from "../../domain/clock.js";
import { silentLogger, type Logger } from "../../logger.js";
import { httpStatusError, transportError, type HttpClient } from "../http.js";
import { isSuccessCode, quectelAuthError } from "./error-codes.js";
import type { QuectelTokenResponse } from "./types.js";

export const LOGIN_PATH = "/v2/quecauth/accessKeyAuthrize/accessKeyLogin";
export const REFRESH_PATH = "/v2/quecauth/accessKeyAuthrize/refreshToken";

/**
 * The AccessKey login's `username` (before URL-encoding) and `password`: lowercase hex SHA-256 of the username
 * string followed by the AccessSecret. The timestamp is in milliseconds.
 */
export function accessKeyCredentials(accessKey: string, accessSecret: string, timestampMs: number) {
  const username = `ver=1&auth_mode=accessKey&sign_method=sha256&access_key=${accessKey}&timestamp=${timestampMs}`;
  const password = createHash("sha256")
    .update(username + accessSecret, "utf8")
    .digest("hex");
  return { username, password };
}

export interface QuectelTokenManagerOptions {
  http: HttpClient;
  accessKey: string;
  accessSecret: string;
  clock?: Clock;
  logger?: Logger;
  /** Renew when this share of the lifetime has passed (default 0.8). */
  renewAt?: number;
  /** Where the replicas of a fleet share one token (null: this process's own). */
  store?: TokenStore | null;
}

/** A token and when to renew it (epoch milliseconds). */
export interface Token {
  value: string;
  refreshToken: string | undefined;
  renewAfter: number;
  expiresAt: number;
}

/**
 * The fleet's one token (see token-store.ts). Every method answers `undefined` rather than throwing when the store
 * cannot be used, and the manager then works on its own.
 */
export interface TokenStore {
  get(): Promise<Token | undefined>;
  /** Takes the right to log in for the fleet: true, false (another replica has it) or undefined (unusable). */
  lock(): Promise<boolean | undefined>;
  unlock(): Promise<void>;
  set(token: Token): Promise<void>;
  /** Forgets the shared token if it is still `value`. */
  drop(value: string): Promise<void>;
}

/** How long a replica waits for another one's login before it logs in itself. */
const FLEET_LOGIN_WAIT_MS = 5000;

/**
 * One token for the whole process, or the whole fleet with a store. Concurrent callers share one login (or
 * refresh) in flight; the token is renewed once 80% of `expires_in` has passed (with the refresh token when
 * Quectel gave one, else a new login); `invalidate` after a 5032 drops it so that the next caller logs in again,
 * once, however many saw the 5032. With a store, replicas take the fleet's token, and the one that finds it due
 * takes a lock and renews it for all: replicas starting together log in once.
 */
export class QuectelTokenManager {
  private token: Token | undefined;
  private pending: Promise<Token> | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: QuectelTokenManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  /** A token that Quectel should still accept. */
  async current(): Promise<string> {
    const now = this.clock.now();
    const token = this.token;
    if (token && now < token.renewAfter) return token.value;
    this.pending ??= this.renew(token).finally(() => {
      this.pending = undefined;
    });
    return (await this.pending).value;
  }

  /** Quectel refused `value` (5032): forget it unless a newer token already replaced it. */
  invalidate(value: string): void {
    if (this.token?.value === value) this.token = undefined;
    void this.options.store?.drop(value);
  }

  private stillValid(token: Token | undefined): Token | undefined {
    return token && this.clock.now() < token.expiresAt ? token : undefined;
  }

  private fresh(token: Token | undefined): Token | undefined {
    if (!token || this.clock.now() >= token.renewAfter) return undefined;
    this.token = token;
    return token;
  }

  private async renew(known: Token | undefined): Promise<Token> {
    const store = this.options.store;
    if (!store) return this.obtain(this.stillValid(known));
    const shared = await store.get();
    const usable = this.fresh(shared);
    if (usable) return usable;
    const locked = await store.lock();
    if (locked === undefined) return this.obtain(this.stillValid(known) ?? this.stillValid(shared));
    if (locked) {
      try {
        // Another replica may have renewed it between our look and our lock.
        const latest = await store.get();
        const theirs = this.fresh(latest);
        if (theirs) return theirs;
        const token = await this.obtain(this.stillValid(latest) ?? this.stillValid(known));
        await store.set(token);
        return token;
      } finally {
        await store.unlock();
      }
    }
    for (let waited = 0; waited < FLEET_LOGIN_WAIT_MS; waited += 50) {
      await sleep(50);
      const theirs = this.fresh(await store.get());
      if (theirs) return theirs;
    }
    this.logger.warn("quectel: no token from the fleet in time; logging in alone", {});
    return this.obtain(this.stillValid(known) ?? this.stillValid(shared));
  }

  private async obtain(stillValid: Token | undefined): Promise<Token> {
    if (stillValid?.refreshToken) {
      try {
        return await this.request(REFRESH_PATH, {
          refresh_token: stillValid.refreshToken,
          grant_type: "refresh_token",
        });
      } catch (error) {
        this.logger.warn("quectel token refresh failed; logging in again", {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    const { username, password } = accessKeyCredentials(
      this.options.accessKey,
      this.options.accessSecret,
      this.clock.now(),
    );
    return this.request(LOGIN_PATH, { grant_type: "password", username, password });
  }

  private async request(path: string, params: Record<string, string>): Promise<Token> {
    const what = path === LOGIN_PATH ? "AccessKey login" : "token refresh";
    let body: QuectelTokenResponse;
    try {
      const response = await this.options.http.get<QuectelTokenResponse>(path, { params });
      // Without Quectel's result code the answer is not Quectel's (a gateway's page, an empty body): its status.
      if (typeof response.data?.code !== "number") {
        throw httpStatusError(response.status, "quectel", `Quectel ${what}`);
      }
      body = response.data;
    } catch (error) {
      throw transportError(error, "quectel", `Quectel ${what}`);
    }
    if (!isSuccessCode(body.code) || !body.access_token) {
      this.logger.error(`quectel ${what} refused`, { code: body.code, msg: body.msg });
      throw quectelAuthError(body.code, what);
    }
    const now = this.clock.now();
    const lifetimeMs = Math.max(1, Number(body.expires_in) || 7200) * 1000;
    const token: Token = {
      value: body.access_token,
      refreshToken: body.refresh_token,
      renewAfter: now + lifetimeMs * (this.options.renewAt ?? 0.8),
      expiresAt: now + lifetimeMs,
    };
    this.token = token;
    this.logger.info(`quectel ${what} succeeded`, { expiresInSeconds: body.expires_in });
    return token;
  }
}
