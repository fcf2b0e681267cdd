import type { AppConfig } from "./config.js";
import type { Logger } from "./logger.js";
import type { SourceClients } from "./providers/clients.js";
import { createQuectelLoader, type QuectelLoader } from "./providers/quectel/loader.js";
import { createTencentImLoader, type TencentImLoader } from "./providers/tencent-im/loader.js";

/** Per-request loaders: each caches for one request only, so no user's data outlives the request that read it. */
export interface RequestLoaders {
  tencentIm: TencentImLoader | null;
  quectel: QuectelLoader | null;
}

/** What every resolver receives. Built fresh for each GraphQL request. */
export interface RequestContext {
  loaders: RequestLoaders;
  limits: { maxUsersPerRequest: number };
  logger: Logger;
}

/** Returns the function Apollo Server calls once per request to build its context. */
export function createContextFactory(
  config: AppConfig,
  clients: SourceClients,
  logger: Logger,
): () => Promise<RequestContext> {
  const limits = { maxUsersPerRequest: config.maxUsersPerRequest };
  return async () => ({
    loaders: {
      tencentIm: clients.tencentIm ? createTencentImLoader(clients.tencentIm) : null,
      quectel: clients.quectel ? createQuectelLoader(clients.quectel) : null,
    },
    limits,
    logger,
  });
}
