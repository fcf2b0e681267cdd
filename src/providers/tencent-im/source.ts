import { defineSource } from "../../domain/source.js";
import { PortraitBatcher } from "./batcher.js";
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
  TencentImClientOptions,
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
    return new PortraitBatcher(client, { coalesceWindowMs: config.coalesceWindowMs });
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
