import { defineSource } from "../../domain/source.js";
import { accountDigest, createAnswerCache } from "../../fleet/cache.js";
import { fleetKey } from "../../fleet/redis.js";
import { PortraitBatcher, type PortraitBatcherOptions } from "./batcher.js";
import { MemoryCallBudget, SharedCallBudget } from "./budget.js";
import { TencentImClient, type TencentImClientOptions } from "./client.js";
import { tencentImSettings, type TencentImConfig, type TencentImEmulatorSettings } from "./config.js";
import { cachedPortraits, createTencentImLoader } from "./loader.js";
import type { TencentImProfileRecord } from "./model.js";
import { UserSigCache } from "./user-sig.js";

/** Tencent Cloud Chat: server credentials (UserSig), lookups batched 100 accounts per portrait_get call. */
export const tencentImSource = defineSource<
  "tencentIm",
  TencentImConfig,
  Pick<PortraitBatcher, "lookup">,
  TencentImProfileRecord,
  TencentImClientOptions & Partial<PortraitBatcherOptions>,
  TencentImEmulatorSettings
>({
  name: "tencentIm",
  label: "Tencent IM",
  settings: tencentImSettings,
  createClient(config, { logger, clock, fleet, cacheMaxEntries, metrics }, options) {
    const userSig = new UserSigCache({
      sdkAppId: config.sdkAppId,
      secretKey: config.secretKey,
      identifier: config.adminIdentifier,
      clock,
    });
    const client = new TencentImClient({ ...config, userSig, logger, ...options });
    // A fleet shares one budget per SDKAppID; while Redis is away each replica keeps to its fallback share.
    const local = new MemoryCallBudget(
      fleet ? config.fallbackCallsPerSecond : config.maxCallsPerSecond,
      clock,
    );
    const budget = fleet
      ? new SharedCallBudget(
          fleet,
          fleet.key("tencent-im", "budget", config.sdkAppId),
          config.maxCallsPerSecond,
          local,
        )
      : local;
    const batcher = new PortraitBatcher(client, {
      budget,
      coalesceWindowMs: config.coalesceWindowMs,
      maxQueueWaitMs: config.maxQueueWaitMs,
      maxPending: config.maxPending,
      maxInFlight: config.maxInFlight,
      clock,
      logger,
      metrics,
      ...options,
    });
    // Answers depend on the app and on the tags asked for: both name the cache's keys.
    const scope = fleetKey("cache", "tencent-im", config.sdkAppId, accountDigest(...config.customTags));
    const cache = createAnswerCache(config.cacheTtlMs, fleet, cacheMaxEntries, metrics);
    return cachedPortraits(batcher, cache, { ttlMs: config.cacheTtlMs }, scope);
  },
  access: { kind: "server", createLoader: createTencentImLoader },
  profile: {
    displayName: (r) => r.nick,
    avatarUrl: (r) => r.avatarUrl,
    gender: (r) => r.gender,
    birthday: (r) => r.birthday,
    location: (r) => r.location,
  },
});
