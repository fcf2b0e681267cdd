import type { AppConfig } from "../config.js";
import type { Logger } from "../logger.js";
import { TencentImClient } from "./tencent-im/client.js";
import { UserSigCache } from "./tencent-im/user-sig.js";

/** One long-lived client per configured source (null when the deployment has not configured it). */
export interface SourceClients {
  tencentIm: TencentImClient | null;
}

/** Builds the clients once at start-up: their HTTP agents, credential caches and rate limiters are shared. */
export function createSourceClients(config: AppConfig, logger: Logger): SourceClients {
  const im = config.tencentIm;
  return {
    tencentIm: im
      ? new TencentImClient({
          baseUrl: im.baseUrl,
          sdkAppId: im.sdkAppId,
          adminIdentifier: im.adminIdentifier,
          userSig: new UserSigCache({
            sdkAppId: im.sdkAppId,
            secretKey: im.secretKey,
            identifier: im.adminIdentifier,
          }),
          customTags: im.customTags,
          timeoutMs: im.timeoutMs,
          maxCallsPerSecond: im.maxCallsPerSecond,
          logger,
        })
      : null,
  };
}
