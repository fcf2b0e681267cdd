import type { AppConfig } from "../config.js";
import type { Logger } from "../logger.js";
import { AlipayPlusClient } from "./alipay-plus/client.js";
import { OneAccessClient } from "./oneaccess/client.js";
import { QuectelClient } from "./quectel/client.js";
import { TencentImClient } from "./tencent-im/client.js";
import { UserSigCache } from "./tencent-im/user-sig.js";

/** One long-lived client per configured source (null when the deployment has not configured it). */
export interface SourceClients {
  tencentIm: TencentImClient | null;
  quectel: QuectelClient | null;
  oneAccess: OneAccessClient | null;
  alipayPlus: AlipayPlusClient | null;
}

/**
 * Builds the clients once at start-up: their HTTP agents, credential caches (UserSig, Quectel token) and rate or
 * concurrency limits are shared by every request.
 */
export function createSourceClients(config: AppConfig, logger: Logger): SourceClients {
  const { tencentIm: im, quectel, oneAccess, alipayPlus } = config;
  return {
    tencentIm: im
      ? new TencentImClient({
          ...im,
          userSig: new UserSigCache({
            sdkAppId: im.sdkAppId,
            secretKey: im.secretKey,
            identifier: im.adminIdentifier,
          }),
          logger,
        })
      : null,
    quectel: quectel ? new QuectelClient({ ...quectel, logger }) : null,
    oneAccess: oneAccess ? new OneAccessClient({ ...oneAccess, logger }) : null,
    alipayPlus: alipayPlus ? new AlipayPlusClient({ ...alipayPlus, logger }) : null,
  };
}
