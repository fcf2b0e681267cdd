import type { CostLimits } from "../cost/config.js";
import type { LogFormat, LogLevel } from "../logger.js";
import type { ProfilePrecedence } from "../profile/fields.js";
import type { UpstreamLimits } from "../providers/http.js";
import type { ConfigOf, EmulatorSettingsOf, SourceName } from "../providers/registry.js";

/** Each source's settings; null when the deployment has no credentials for it (its field: SOURCE_DISABLED). */
export type SourceConfigs = { [Name in SourceName]: ConfigOf<Name> | null };

export interface SandboxConfig {
  /** Where each emulator listens. */
  ports: Record<SourceName, number>;
  /**
   * What each emulator needs to check the calls the sandbox config makes (the other halves of key pairs…); null
   * for a source that has no emulator.
   */
  emulators: { [Name in SourceName]: EmulatorSettingsOf<Name> | null };
}

/** The whole service's settings, validated. Only the entry points build it from the environment. */
export interface AppConfig {
  port: number;
  /** The address to listen on. */
  host: string;
  production: boolean;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** Largest number of ids `users(ids:)` accepts. */
  maxUsersPerRequest: number;
  /** The trusted request header the router sets to the signed-in user's id. */
  viewerIdHeader: string;
  /** For each merged profile field, the sources in the order they win. */
  profilePrecedence: ProfilePrecedence;
  /** Whether `__schema`/`__type` queries are answered. */
  introspection: boolean;
  /** Whether validation errors suggest field names ("Did you mean ...?"). */
  fieldSuggestions: boolean;
  /** Whether GET /graphql in a browser shows Apollo Sandbox. */
  landingPage: boolean;
  /** Browser origins CORS lets in: any (development's default), or only these (production's: none). */
  corsOrigins: "any" | string[];
  router: {
    /**
     * When set, requests without it in `secretHeader` are refused (401) before GraphQL runs, and only requests
     * with it may receive inline (ftv1) traces.
     */
    sharedSecret: string | null;
    secretHeader: string;
  };
  /** How long the service keeps answering after SIGTERM, with /readyz failing, before it stops listening. */
  shutdownDelayMs: number;
  /** Whether /readyz fails while a configured source's vendor refuses this service's credentials or settings. */
  readinessRequiresSources: boolean;
  /** Set when the service runs on its embedded emulators instead of the vendors. */
  sandbox: SandboxConfig | null;
  /** REDIS_URL: the replicas share the IM budget, the Quectel token and the answer cache there. */
  redisUrl: string | null;
  /** Entries of each source's in-memory answer cache (used without Redis). */
  cacheMaxEntries: number;
  /** What one request may cost at most (src/cost/). */
  cost: CostLimits;
  /** Every request's own deadline: a source field not answered by then is SOURCE_TIMEOUT. */
  requestTimeoutMs: number;
  /** What every upstream call is held to: body size, circuit breaker. */
  upstream: UpstreamLimits;
  sources: SourceConfigs;
}
