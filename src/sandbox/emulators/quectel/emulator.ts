import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import { systemClock, type Clock } from "../../../domain/clock.js";
import { LOGIN_PATH, REFRESH_PATH } from "../../../providers/quectel/auth.js";
import { USER_INFO_PATH } from "../../../providers/quectel/client.js";
import type {
  QuectelEnvelope,
  QuectelTokenResponse,
  QuectelUserInfo,
} from "../../../providers/quectel/types.js";
import { EmulatorServer, type BaseFaults } from "../shared/emulator-server.js";
import { seedQuectelUsers } from "./seed.js";

export interface QuectelFaults extends BaseFaults {
  /** The next N userInfo calls answer 5032 as if the token had been revoked (and revoke it). */
  rejectNextTokens: number;
  /** uids this AccessKey may not read (5041). */
  forbiddenUids: string[];
}

export interface QuectelEmulatorOptions {
  accessKey: string;
  accessSecret: string;
  /** Lifetime of issued tokens (expires_in), default 7200 s. */
  tokenLifetimeSeconds?: number;
  /** A login whose timestamp is further than this from the emulator's clock is refused (default 5 min). */
  maxClockSkewMs?: number;
  users?: Map<string, QuectelUserInfo>;
  clock?: Clock;
}

interface IssuedToken {
  expiresAt: number;
  refreshToken: string;
}

/**
 * Quectel's AccessKey login, token refresh and end-user `userInfo`, checked the way Quectel checks them: the
 * login's SHA-256 password against the AccessKey's secret and a fresh millisecond timestamp; a valid, unexpired
 * token in `Authorization` (bare, no `Bearer`); the vendor's envelope and codes (5032, 5041, 5065, 5106).
 */
export class QuectelEmulator extends EmulatorServer<QuectelFaults> {
  private readonly users: Map<string, QuectelUserInfo>;
  private readonly clock: Clock;
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, string>();

  constructor(private readonly options: QuectelEmulatorOptions) {
    super({ latencyMs: 0, rejectNextTokens: 0, forbiddenUids: [] });
    this.users = options.users ?? seedQuectelUsers();
    this.clock = options.clock ?? systemClock;
    this.app.get(LOGIN_PATH, (req, res) => this.login(req, res));
    this.app.get(REFRESH_PATH, (req, res) => this.refresh(req, res));
    this.app.get(USER_INFO_PATH, (req, res) => this.userInfo(req, res));
  }

  override reset(): void {
    super.reset();
    Object.assign(this.faults, { rejectNextTokens: 0, forbiddenUids: [] });
  }

  /** Forgets every issued token, as a key rotation on Quectel's side would. */
  revokeAllTokens(): void {
    this.tokens.clear();
    this.refreshTokens.clear();
  }

  private login(req: Request, res: Response): void {
    const { grant_type: grantType, username, password } = req.query as Record<string, string | undefined>;
    if (grantType !== "password" || !username || !password) {
      res.json({ code: 50005, msg: "parameter error" });
      return;
    }
    const fields = new URLSearchParams(username);
    if (
      fields.get("ver") !== "1" ||
      fields.get("auth_mode") !== "accessKey" ||
      fields.get("sign_method") !== "sha256"
    ) {
      res.json({ code: 50005, msg: "parameter error: username" });
      return;
    }
    if (fields.get("access_key") !== this.options.accessKey) {
      res.json({ code: 90047, msg: "AccessKey does not exist" });
      return;
    }
    const timestamp = Number(fields.get("timestamp"));
    if (
      !Number.isInteger(timestamp) ||
      Math.abs(this.clock.now() - timestamp) > (this.options.maxClockSkewMs ?? 300_000)
    ) {
      res.json({ code: 401, msg: "timestamp expired" });
      return;
    }
    const expected = Buffer.from(
      createHash("sha256")
        .update(username + this.options.accessSecret)
        .digest("hex"),
    );
    const given = Buffer.from(password);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      res.json({ code: 401, msg: "authentication failed" });
      return;
    }
    res.json(this.issue());
  }

  private refresh(req: Request, res: Response): void {
    const { grant_type: grantType, refresh_token: refreshToken } = req.query as Record<
      string,
      string | undefined
    >;
    const previous = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    if (grantType !== "refresh_token" || !refreshToken || previous === undefined) {
      res.json({ code: 401, msg: "invalid refresh token" });
      return;
    }
    this.refreshTokens.delete(refreshToken);
    this.tokens.delete(previous);
    res.json(this.issue());
  }

  private issue(): QuectelTokenResponse {
    const lifetime = this.options.tokenLifetimeSeconds ?? 7200;
    const accessToken = `QJWT ${randomBytes(24).toString("base64url")}`;
    const refreshToken = randomBytes(24).toString("base64url");
    this.tokens.set(accessToken, { expiresAt: this.clock.now() + lifetime * 1000, refreshToken });
    this.refreshTokens.set(refreshToken, accessToken);
    return {
      code: 200,
      msg: "success",
      access_token: accessToken,
      token_type: "QJWT",
      expires_in: lifetime,
      refresh_token: refreshToken,
      scope: "enterprise",
    };
  }

  private userInfo(req: Request, res: Response): void {
    const answer = (envelope: QuectelEnvelope<QuectelUserInfo>) => res.json(envelope);
    const token = req.header("authorization");
    if (!token) return void answer({ code: 5106, msg: "token is missing", data: null });
    const issued = this.tokens.get(token);
    if (this.faults.rejectNextTokens > 0 && issued) {
      this.faults.rejectNextTokens -= 1;
      this.tokens.delete(token);
      return void answer({ code: 5032, msg: "token verification failed", data: null });
    }
    if (!issued || issued.expiresAt <= this.clock.now()) {
      return void answer({ code: 5032, msg: "token verification failed", data: null });
    }
    const uid = typeof req.query.uid === "string" ? req.query.uid : "";
    this.stats.countAccounts(USER_INFO_PATH, 1);
    if (!uid) return void answer({ code: 5065, msg: "uid is missing", data: null });
    if (this.faults.forbiddenUids.includes(uid))
      return void answer({ code: 5041, msg: "no permission", data: null });
    answer({ code: 0, msg: "success", extMsg: "", data: this.users.get(uid) ?? null });
  }
}
