import { defineSource } from "../../domain/source.js";
import { PortraitBatcher, type PortraitBatcherOptions } from "./batcher.js";
import { MemoryCallBudget } from "./budget.js";
import { TencentImClient, type TencentImClientOptions } from "./client.js";
import { tencentImSettings, type TencentImConfig, type TencentImEmulatorSettings } from "./config.js";
import { createTencentImLoader } from "./loader.js";
import type { TencentImProfileRecord } from "./model.js";
import { UserSigCache } from "./user-sig.js";

/** Tencent Cloud Chat: server credentials (UserSig), lookups batched 100 accounts per portrait_get call. */
export const tencentImSource = defineSource<
  "tencentIm",
  TencentImConfig,
  PortraitBatcher,
  TencentImProfileRecord,
  TencentImClientOptions & Partial<PortraitBatcherOptions>,
  TencentImEmulatorSettings
>({
  name: "tencentIm",
  label: "Tencent IM",
  settings: tencentImSettings,
  createClient(config, { logger, clock }, options) {
    const userSig = new UserSigCache({
      sdkAppId: config.sdkAppId,
      secretKey: config.secretKey,
      identifier: config.adminIdentifier,
      clock,
    });
    const client = new TencentImClient({ ...config, userSig, logger, ...options });
    return new PortraitBatcher(client, {
      budget: new MemoryCallBudget(config.maxCallsPerSecond, clock),
      coalesceWindowMs: config.coalesceWindowMs,
      maxQueueWaitMs: config.maxQueueWaitMs,
      maxPending: config.maxPending,
      maxInFlight: config.maxInFlight,
      clock,
      logger,
      ...options,
    });
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
