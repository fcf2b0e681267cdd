import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { SourceMetrics } from "../observability/metrics.js";
import { readJson, type FleetStore } from "./redis.js";

/**
 * Answers of the server-credentialed sources kept between requests (never a viewer's: those never outlive their
 * request). Only answers are kept: a found record for the source's TTL, a "not found" for a tenth of it, and an
 * error never. Values are JSON: what goes in is what the vendor said, mapped again on the way out.
 */
export interface AnswerCache {
  /** The cached answers among `keys` (null: cached as not found); missing keys are not in the map. */
  getMany(keys: readonly string[]): Promise<Map<string, unknown>>;
  setMany(entries: readonly CacheEntry[]): Promise<void>;
}

export interface CacheEntry {
  key: string;
  /** null: the source does not know it. */
  value: unknown;
  ttlMs: number;
}

export interface CachePolicy {
  /** How long a found answer is kept; 0: the cache is off. */
  ttlMs: number;
}

/** A "not found" is kept for a tenth of the TTL: a user who signs up shows soon, and misses stay cheap. */
export const notFoundTtl = (policy: CachePolicy): number => Math.max(1, Math.floor(policy.ttlMs / 10));

/** One replica's cache: a bounded LRU, each entry with its own TTL. */
export class MemoryAnswerCache implements AnswerCache {
  private readonly entries: LRUCache<string, { value: unknown }>;

  constructor(maxEntries: number) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  async getMany(keys: readonly string[]): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry) found.set(key, entry.value);
    }
    return found;
  }

  async setMany(entries: readonly CacheEntry[]): Promise<void> {
    for (const { key, value, ttlMs } of entries) this.entries.set(key, { value }, { ttl: ttlMs });
  }
}

/**
 * The fleet's cache in Redis, one key per answer with its TTL. While Redis is away it is skipped (every lookup a
 * miss, nothing written): slower, never failing.
 */
export class RedisAnswerCache implements AnswerCache {
  constructor(private readonly store: FleetStore) {}

  async getMany(keys: readonly string[]): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    if (keys.length === 0 || !this.store.ready) return found;
    try {
      const values = await this.store.client.mGet([...keys]);
      values.forEach((text, index) => {
        const value = typeof text === "string" ? readJson(text) : undefined;
        if (value !== undefined) found.set(keys[index]!, value);
      });
    } catch (error) {
      this.store.commandFailed(error);
    }
    return found;
  }

  async setMany(entries: readonly CacheEntry[]): Promise<void> {
    if (entries.length === 0 || !this.store.ready) return;
    try {
      const batch = this.store.client.multi();
      for (const { key, value, ttlMs } of entries) batch.set(key, JSON.stringify(value), { PX: ttlMs });
      await batch.exec();
    } catch (error) {
      this.store.commandFailed(error);
    }
  }
}

/**
 * Answers `keys` from the cache where it can and from `load` for the rest, then keeps the new answers. `load`
 * gives, per key, the value, null for "not found", or an Error (never kept).
 */
export async function throughCache<Value>(
  cache: AnswerCache,
  policy: CachePolicy,
  cacheKey: (key: string) => string,
  keys: readonly string[],
  load: (missing: readonly string[]) => Promise<Map<string, Value | null | Error>>,
): Promise<Map<string, Value | null | Error>> {
  const cached = await cache.getMany(keys.map(cacheKey));
  const answers = new Map<string, Value | null | Error>();
  const missing: string[] = [];
  for (const key of keys) {
    const name = cacheKey(key);
    if (cached.has(name)) answers.set(key, cached.get(name) as Value | null);
    else missing.push(key);
  }
  if (missing.length === 0) return answers;
  const loaded = await load(missing);
  const entries: CacheEntry[] = [];
  for (const key of missing) {
    const value = loaded.has(key) ? loaded.get(key)! : null;
    answers.set(key, value);
    if (value instanceof Error) continue;
    entries.push({ key: cacheKey(key), value, ttlMs: value === null ? notFoundTtl(policy) : policy.ttlMs });
  }
  await cache.setMany(entries);
  return answers;
}

/**
 * The answer cache a source uses: none when its TTL is 0, Redis with a fleet, else a bounded in-memory LRU of
 * this replica.
 */
export function createAnswerCache(
  ttlMs: number,
  fleet: FleetStore | null,
  maxEntries: number,
  metrics?: Pick<SourceMetrics, "cacheHit" | "cacheMiss">,
): AnswerCache | null {
  if (ttlMs === 0) return null;
  const cache = fleet ? new RedisAnswerCache(fleet) : new MemoryAnswerCache(maxEntries);
  return metrics ? countedCache(cache, metrics) : cache;
}

/** Reports each key looked up as a hit or a miss. */
function countedCache(
  cache: AnswerCache,
  metrics: Pick<SourceMetrics, "cacheHit" | "cacheMiss">,
): AnswerCache {
  return {
    async getMany(keys) {
      const found = await cache.getMany(keys);
      for (let hit = 0; hit < found.size; hit++) metrics.cacheHit();
      for (let miss = found.size; miss < keys.length; miss++) metrics.cacheMiss();
      return found;
    },
    setMany: (entries) => cache.setMany(entries),
  };
}

/** A short, stable name for an account (an app, a tenant) that does not reveal it, for cache and lock keys. */
export const accountDigest = (...parts: (string | number)[]): string =>
  createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 16);
