import { defineSource } from "../../domain/source.js";
import { accountDigest, createAnswerCache } from "../../fleet/cache.js";
import { fleetKey } from "../../fleet/redis.js";
import { QuectelClient, type QuectelClientOptions } from "./client.js";
import { quectelSettings, type QuectelConfig, type QuectelEmulatorSettings } from "./config.js";
import { cachedUserInfo, createQuectelLoader } from "./loader.js";
import { RedisTokenStore } from "./token-store.js";
import type { QuectelEndUserRecord } from "./model.js";

const joined = (separator: string, ...parts: (string | null)[]) =>
  parts.filter(Boolean).join(separator) || null;

/** Quectel end-user center: server credentials (AccessKey login token), one user per call. */
export const quectelSource = defineSource<
  "quectel",
  QuectelConfig,
  Pick<QuectelClient, "userInfo">,
  QuectelEndUserRecord,
  QuectelClientOptions,
  QuectelEmulatorSettings
>({
  name: "quectel",
  label: "Quectel",
  settings: quectelSettings,
  createClient(config, { logger, clock, fleet, cacheMaxEntries, metrics }, options) {
    // A fleet shares one token per tenant and AccessKey, and one answer cache.
    const account = accountDigest(config.baseUrl, config.accessKey);
    const tokenStore = fleet ? new RedisTokenStore(fleet, account) : null;
    const client = new QuectelClient({ ...config, logger, clock, tokenStore, ...options });
    const cache = createAnswerCache(config.cacheTtlMs, fleet, cacheMaxEntries, metrics);
    return cachedUserInfo(client, cache, { ttlMs: config.cacheTtlMs }, fleetKey("cache", "quectel", account));
  },
  access: { kind: "server", createLoader: createQuectelLoader },
  profile: {
    displayName: (r) => r.nickname,
    avatarUrl: (r) => r.avatarUrl,
    email: (r) => r.email,
    phone: (r) => r.phone,
    gender: (r) => r.gender,
    nationality: (r) => r.nationality,
    language: (r) => r.language,
    timezone: (r) => r.timezone,
    location: (r) => joined(", ", r.city, r.province),
  },
});
