import type { IncomingMessage } from "node:http";
import type { AppConfig } from "./config.js";
import { requestIdOf } from "./observability/request-scope.js";
import type { ProfilePrecedence } from "./profile/fields.js";
import type { ProfileFailure } from "./profile/merge.js";
import type { SourceClients } from "./providers/clients.js";
import type { SourceName } from "./providers/registry.js";
import {
  RequestDeadline,
  createRequestSources,
  type RequestSources,
  type SourceResultObserver,
} from "./source-access.js";
import { readViewer, type ViewerIdentity } from "./viewer.js";

/** What every resolver receives. Built fresh for each GraphQL request. */
export interface RequestContext {
  /** The request's id (x-request-id), for the log lines about it. */
  requestId: string | undefined;
  viewer: ViewerIdentity;
  /**
   * Every source for this request: per-request caches only, so no user's data outlives the request that read
   * it; viewer-only sources carry the viewer's credentials from the request's headers.
   */
  sources: RequestSources;
  /** The request's time limit (REQUEST_TIMEOUT_MS) for its sources; released once the response is sent. */
  deadline: RequestDeadline;
  limits: { maxUsersPerRequest: number };
  /** How this deployment is wired (for Query.sourceStatus). */
  deployment: { sandbox: boolean; configured: Record<SourceName, boolean> };
  /** The merge's settings, and the sources it had to skip in this request (reported when the response is sent). */
  profile: { precedence: ProfilePrecedence; failures: ProfileFailure[] };
}

/**
 * Returns the function Apollo Server calls once per request to build its context from the HTTP request.
 * `observe` hears every answer a source gives (metrics, readiness).
 */
export function createContextFactory(
  config: AppConfig,
  clients: SourceClients,
  observe?: SourceResultObserver,
): (request: { req: IncomingMessage }) => Promise<RequestContext> {
  const limits = { maxUsersPerRequest: config.maxUsersPerRequest };
  const configured = Object.fromEntries(
    Object.entries(clients).map(([name, client]) => [name, client !== null]),
  ) as Record<SourceName, boolean>;
  const deployment = { sandbox: config.sandbox !== null, configured };
  return async ({ req }) => {
    const viewer = readViewer(req.headers, config.viewerIdHeader);
    const deadline = new RequestDeadline(config.requestTimeoutMs);
    return {
      requestId: requestIdOf(req),
      viewer,
      sources: createRequestSources(clients, req.headers, viewer, observe, deadline),
      deadline,
      limits,
      deployment,
      profile: { precedence: config.profilePrecedence, failures: [] },
    };
  };
}
