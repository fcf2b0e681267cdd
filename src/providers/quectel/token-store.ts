import { randomUUID } from "node:crypto";
import { readJson, type FleetStore } from "../../fleet/redis.js";
import type { Token, TokenStore } from "./auth.js";

/** Deletes KEYS[1] only if it still holds ARGV[1] (a lock's owner, or the token's value inside its JSON). */
const DELETE_IF_SAME = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current == ARGV[1] then return redis.call('DEL', KEYS[1]) end
local ok, decoded = pcall(cjson.decode, current)
if ok and type(decoded) == 'table' and decoded.value == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** How long the login lock lasts if its holder dies mid-login. */
const LOCK_MS = 10_000;

/**
 * The Quectel token of a fleet, in Redis: `<prefix>:quectel:token:<account>` holds it until it expires, and
 * `…:lock` is taken (SET NX, expiring) by the replica that logs in or refreshes for all. Every failure answers
 * `undefined`, so a replica without Redis keeps its own token.
 */
export class RedisTokenStore implements TokenStore {
  private readonly owner = randomUUID();
  private readonly tokenKey: string;
  private readonly lockKey: string;

  constructor(
    private readonly fleet: FleetStore,
    /** Names the AccessKey and tenant without revealing them. */
    account: string,
  ) {
    this.tokenKey = fleet.key("quectel", "token", account);
    this.lockKey = `${this.tokenKey}:lock`;
  }

  async get(): Promise<Token | undefined> {
    const text = await this.run(() => this.fleet.client.get(this.tokenKey));
    return typeof text === "string" ? asToken(text) : undefined;
  }

  async lock(): Promise<boolean | undefined> {
    const answer = await this.run(() =>
      this.fleet.client.set(this.lockKey, this.owner, { NX: true, PX: LOCK_MS }),
    );
    return answer === undefined ? undefined : answer === "OK";
  }

  async unlock(): Promise<void> {
    await this.run(() =>
      this.fleet.client.eval(DELETE_IF_SAME, { keys: [this.lockKey], arguments: [this.owner] }),
    );
  }

  async set(token: Token): Promise<void> {
    const ttlMs = Math.max(1, Math.floor(token.expiresAt - Date.now()));
    await this.run(() => this.fleet.client.set(this.tokenKey, JSON.stringify(token), { PX: ttlMs }));
  }

  async drop(value: string): Promise<void> {
    await this.run(() =>
      this.fleet.client.eval(DELETE_IF_SAME, { keys: [this.tokenKey], arguments: [value] }),
    );
  }

  private async run<Answer>(command: () => Promise<Answer>): Promise<Answer | undefined> {
    if (!this.fleet.ready) return undefined;
    try {
      return await command();
    } catch (error) {
      this.fleet.commandFailed(error);
      return undefined;
    }
  }
}

/** The stored token, or undefined for an entry that is not one (the replica then renews it). */
function asToken(text: string): Token | undefined {
  const token = readJson(text);
  // Not JSON, or JSON null: no fields to read; any other value that is not an object has none of these.
  if (token === undefined || token === null) return undefined;
  const { value, refreshToken, renewAfter, expiresAt } = token as Record<string, unknown>;
  if (typeof value !== "string" || typeof renewAfter !== "number" || typeof expiresAt !== "number")
    return undefined;
  if (refreshToken !== undefined && typeof refreshToken !== "string") return undefined;
  return { value, refreshToken, renewAfter, expiresAt };
}
