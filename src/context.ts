import type { IncomingHttpHeaders } from "node:http";
import type { AppConfig } from "./config.js";
import type { SourceName } from "./errors.js";
import type { ProfilePrecedence } from "./profile/fields.js";
import type { ProfileFailure } from "./profile/merge.js";
import type { SourceClients } from "./providers/clients.js";
import { alipayPlusViewerCredential } from "./providers/alipay-plus/viewer-credential.js";
import type { AlipayPlusUserInfoRecord } from "./providers/alipay-plus/model.js";
import type { OneAccessProfileRecord } from "./providers/oneaccess/model.js";
import { oneAccessViewerCredential } from "./providers/oneaccess/viewer-credential.js";
import { createQuectelLoader, type QuectelLoader } from "./providers/quectel/loader.js";
import { createTencentImLoader, type TencentImLoader } from "./providers/tencent-im/loader.js";
import { readViewer, type ViewerCredential, type ViewerIdentity } from "./viewer.js";

/**
 * Per-request loaders of the server-credentialed sources: each caches for one request only, so no user's data
 * outlives the request that read it. null when the deployment has not configured the source.
 */
export interface RequestLoaders {
  tencentIm: TencentImLoader | null;
  quectel: QuectelLoader | null;
}

/** The viewer's own credentials for the viewer-only sources, read from the request's headers. */
export interface ViewerCredentials {
  oneAccess: ViewerCredential<OneAccessProfileRecord>;
  alipayPlus: ViewerCredential<AlipayPlusUserInfoRecord | null>;
}

/** What every resolver receives. Built fresh for each GraphQL request. */
export interface RequestContext {
  viewer: ViewerIdentity;
  loaders: RequestLoaders;
  credentials: ViewerCredentials;
  limits: { maxUsersPerRequest: number };
  /** How this deployment is wired (for Query.sourceStatus). */
  deployment: { sandbox: boolean; configured: Record<SourceName, boolean> };
  /** The merge's settings, and the sources it had to skip in this request (reported when the response is sent). */
  profile: { precedence: ProfilePrecedence; failures: ProfileFailure[] };
}

/** Returns the function Apollo Server calls once per request to build its context from the HTTP request. */
export function createContextFactory(
  config: AppConfig,
  clients: SourceClients,
): (request: { req: { headers: IncomingHttpHeaders } }) => Promise<RequestContext> {
  const limits = { maxUsersPerRequest: config.maxUsersPerRequest };
  const deployment = {
    sandbox: config.sandbox !== null,
    configured: {
      tencentIm: clients.tencentIm !== null,
      quectel: clients.quectel !== null,
      oneAccess: clients.oneAccess !== null,
      alipayPlus: clients.alipayPlus !== null,
    },
  };
  return async ({ req }) => ({
    viewer: readViewer(req.headers, config.viewerIdHeader),
    loaders: {
      tencentIm: clients.tencentIm ? createTencentImLoader(clients.tencentIm) : null,
      quectel: clients.quectel ? createQuectelLoader(clients.quectel) : null,
    },
    credentials: {
      oneAccess: oneAccessViewerCredential(clients.oneAccess, req.headers),
      alipayPlus: alipayPlusViewerCredential(clients.alipayPlus, req.headers),
    },
    limits,
    deployment,
    profile: { precedence: config.profilePrecedence, failures: [] },
  });
}
