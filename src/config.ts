import "reflect-metadata";
import {
  IsBooleanString,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
} from "class-validator";
import {
  ConfigError,
  OptionalPort,
  OptionalWholeNumber,
  declaredVariables,
  readVariables,
} from "./config/variables.js";
import { CostVariables, readCostLimits, type CostLimits } from "./cost/config.js";
import type { LogFormat, LogLevel } from "./logger.js";
import { UPSTREAM_DEFAULTS, type UpstreamLimits } from "./providers/http.js";
import { parseProfilePrecedence, type ProfilePrecedence } from "./profile/fields.js";
import { SOURCES, type ConfigOf, type EmulatorSettingsOf, type SourceName } from "./providers/registry.js";

export { ConfigError };

/** The service's own settings' defaults; each source's are in its folder's config.ts. */
export const SERVICE_DEFAULTS = {
  port: 4000,
  /** Loopback: a container sets HOST=0.0.0.0 (see the README's Operations section). */
  host: "127.0.0.1",
  logLevel: "info" as LogLevel,
  maxUsersPerRequest: 1000,
  viewerIdHeader: "x-user-id",
  cacheMaxEntries: 10_000,
  /** Below the shutdown delay plus a typical grace period: a draining replica finishes what it started. */
  requestTimeoutMs: 10_000,
  routerSecretHeader: "x-router-secret",
  readinessRequiresSources: true,
} as const;

/**
 * The defaults that depend on NODE_ENV: production tells outsiders nothing about the schema, logs JSON and keeps
 * answering for a while after SIGTERM (so that the load balancer sees /readyz fail before the port closes);
 * development (and the sandbox) keeps Apollo Sandbox, introspection and readable logs, and stops at once.
 */
export const ENVIRONMENT_DEFAULTS = {
  production: {
    introspection: false,
    fieldSuggestions: false,
    landingPage: false,
    logFormat: "json" as LogFormat,
    shutdownDelayMs: 5000,
  },
  development: {
    introspection: true,
    fieldSuggestions: true,
    landingPage: true,
    logFormat: "pretty" as LogFormat,
    shutdownDelayMs: 0,
  },
} as const;

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

const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"];
const LOG_FORMATS = ["json", "pretty"];
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
/** An IPv4 or IPv6 address, or a host name. */
const LISTEN_ADDRESS = /^(?:[0-9a-fA-F:.]+|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/;
/** A browser origin: scheme, host and optional port, nothing after. */
const ORIGIN = /^https?:\/\/(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;
const BOOLEAN = { message: "must be true or false" };

/** The service's own variables (each source declares its own in its folder). */
class ServiceVariables {
  @OptionalPort()
  PORT?: number;

  @IsOptional()
  @Matches(LISTEN_ADDRESS, {
    message:
      "must be an address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 or :: (every interface)",
  })
  HOST?: string;

  @IsOptional()
  @IsBooleanString(BOOLEAN)
  SANDBOX?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` })
  LOG_LEVEL?: string;

  @IsOptional()
  @IsIn(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(", ")}` })
  LOG_FORMAT?: string;

  @IsOptional()
  @IsBooleanString(BOOLEAN)
  INTROSPECTION?: string;

  @IsOptional()
  @IsBooleanString(BOOLEAN)
  FIELD_SUGGESTIONS?: string;

  @IsOptional()
  @IsBooleanString(BOOLEAN)
  LANDING_PAGE?: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  CORS_ORIGINS?: string;

  @IsOptional()
  @MinLength(16, { message: "must be at least 16 characters: a random string the router also holds" })
  @MaxLength(512, { message: "must be at most 512 characters" })
  ROUTER_SHARED_SECRET?: string;

  @IsOptional()
  @Matches(HEADER_NAME, { message: "must be an HTTP header name such as x-router-secret" })
  ROUTER_SECRET_HEADER?: string;

  @OptionalWholeNumber(0, 120_000, "milliseconds")
  SHUTDOWN_DELAY_MS?: number;

  @IsOptional()
  @IsBooleanString(BOOLEAN)
  READYZ_REQUIRES_SOURCES?: string;

  @OptionalWholeNumber(1, 100_000, "ids")
  USERS_MAX_IDS?: number;

  @IsOptional()
  @Matches(HEADER_NAME, { message: "must be an HTTP header name such as x-user-id" })
  VIEWER_ID_HEADER?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  PROFILE_PRECEDENCE?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ["redis", "rediss"], require_protocol: true },
    { message: "must be a Redis URL such as redis://127.0.0.1:6379/0" },
  )
  REDIS_URL?: string;

  @OptionalWholeNumber(1, 10_000_000, "entries")
  CACHE_MAX_ENTRIES?: number;

  @OptionalWholeNumber(100, 600_000, "milliseconds")
  REQUEST_TIMEOUT_MS?: number;

  @OptionalWholeNumber(1024, 100_000_000, "bytes")
  UPSTREAM_MAX_RESPONSE_BYTES?: number;

  @OptionalWholeNumber(1, 1000, "failed calls")
  BREAKER_FAILURE_THRESHOLD?: number;

  @OptionalWholeNumber(100, 600_000, "milliseconds")
  BREAKER_HALF_OPEN_AFTER_MS?: number;
}

/** Every variable the service reads besides NODE_ENV. */
export const CONFIG_VARIABLES = [
  ServiceVariables,
  CostVariables,
  ...SOURCES.map((source) => source.settings.variables),
].flatMap((type) => declaredVariables(type).names);

/**
 * Validates the environment and returns the typed configuration; a ConfigError lists every bad variable. Sandbox
 * mode is chosen with SANDBOX=true, or, outside production, when no source's credentials are set at all: it wires
 * every source to its emulator with the sandbox credentials. Production (NODE_ENV=production) never chooses it by
 * itself: without credentials and without SANDBOX=true it refuses to start. With credentials, the emulators are
 * never used, and a source without credentials is disabled.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === "production";
  const service = readVariables(ServiceVariables, env, problems);
  const profile = parseProfilePrecedence(service.PROFILE_PRECEDENCE);
  problems.push(...profile.problems.map((problem) => `PROFILE_PRECEDENCE: ${problem}`));
  const cost = readCostLimits(env, problems);
  const corsOrigins = parseCorsOrigins(service.CORS_ORIGINS, production, problems);
  const viewerHeader = service.VIEWER_ID_HEADER ?? SERVICE_DEFAULTS.viewerIdHeader;
  if (service.ROUTER_SECRET_HEADER?.toLowerCase() === viewerHeader.toLowerCase()) {
    problems.push("ROUTER_SECRET_HEADER: must not be the viewer id header (VIEWER_ID_HEADER)");
  }
  const sources = SOURCES.map((source) => {
    const variables = readVariables(source.settings.variables, env, problems) as Record<string, unknown>;
    return { source, variables, config: source.settings.fromEnvironment(variables, problems) };
  });
  const hasCredentials = sources.some(({ source, variables }) =>
    source.settings.credentialVariables.some((name) => variables[name] !== undefined),
  );
  if (production && !hasCredentials && service.SANDBOX !== "true") {
    const perSource = SOURCES.map(
      (source) => `${source.label}: ${source.settings.credentialVariables.join(", ")}`,
    ).join("; ");
    problems.push(
      `SANDBOX: production (NODE_ENV=production) never starts the sandbox emulators unless SANDBOX=true, and no ` +
        `provider credentials are set. Set at least one source's credentials (${perSource}), or SANDBOX=true ` +
        "for a demonstration deployment on the emulators.",
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const sandbox = service.SANDBOX === undefined ? !hasCredentials : service.SANDBOX === "true";
  const defaults = ENVIRONMENT_DEFAULTS[production ? "production" : "development"];
  const flag = (value: string | undefined, fallback: boolean) =>
    value === undefined ? fallback : value === "true";
  const common = {
    port: service.PORT ?? SERVICE_DEFAULTS.port,
    host: service.HOST ?? SERVICE_DEFAULTS.host,
    production,
    logLevel: (service.LOG_LEVEL as LogLevel | undefined) ?? SERVICE_DEFAULTS.logLevel,
    logFormat: (service.LOG_FORMAT as LogFormat | undefined) ?? defaults.logFormat,
    maxUsersPerRequest: service.USERS_MAX_IDS ?? SERVICE_DEFAULTS.maxUsersPerRequest,
    viewerIdHeader: (service.VIEWER_ID_HEADER ?? SERVICE_DEFAULTS.viewerIdHeader).toLowerCase(),
    profilePrecedence: profile.precedence,
    redisUrl: service.REDIS_URL ?? null,
    cacheMaxEntries: service.CACHE_MAX_ENTRIES ?? SERVICE_DEFAULTS.cacheMaxEntries,
    cost,
    requestTimeoutMs: service.REQUEST_TIMEOUT_MS ?? SERVICE_DEFAULTS.requestTimeoutMs,
    upstream: {
      maxResponseBytes: service.UPSTREAM_MAX_RESPONSE_BYTES ?? UPSTREAM_DEFAULTS.maxResponseBytes,
      breakerThreshold: service.BREAKER_FAILURE_THRESHOLD ?? UPSTREAM_DEFAULTS.breakerThreshold,
      breakerHalfOpenAfterMs: service.BREAKER_HALF_OPEN_AFTER_MS ?? UPSTREAM_DEFAULTS.breakerHalfOpenAfterMs,
    },
    introspection: flag(service.INTROSPECTION, defaults.introspection),
    fieldSuggestions: flag(service.FIELD_SUGGESTIONS, defaults.fieldSuggestions),
    landingPage: flag(service.LANDING_PAGE, defaults.landingPage),
    corsOrigins,
    router: {
      sharedSecret: service.ROUTER_SHARED_SECRET ?? null,
      secretHeader: (service.ROUTER_SECRET_HEADER ?? SERVICE_DEFAULTS.routerSecretHeader).toLowerCase(),
    },
    shutdownDelayMs: service.SHUTDOWN_DELAY_MS ?? defaults.shutdownDelayMs,
    readinessRequiresSources: flag(
      service.READYZ_REQUIRES_SOURCES,
      SERVICE_DEFAULTS.readinessRequiresSources,
    ),
  };
  if (!sandbox) {
    const configs = Object.fromEntries(sources.map(({ source, config }) => [source.name, config]));
    return { ...common, sandbox: null, sources: configs as SourceConfigs };
  }

  const wired = sources.map(({ source, variables }) => {
    const { variable, default: defaultPort } = source.settings.emulatorPort;
    const port = (variables[variable] as number | undefined) ?? defaultPort;
    const emulated = source.settings.forSandbox?.(variables, `http://127.0.0.1:${port}`);
    return {
      name: source.name,
      port,
      config: emulated?.config ?? null,
      emulator: emulated?.emulator ?? null,
    };
  });
  const byName = <Key extends "port" | "config" | "emulator">(key: Key) =>
    Object.fromEntries(wired.map((source) => [source.name, source[key]]));
  return {
    ...common,
    sandbox: { ports: byName("port"), emulators: byName("emulator") } as SandboxConfig,
    sources: byName("config") as SourceConfigs,
  };
}

/**
 * CORS_ORIGINS: a comma-separated list of browser origins (`https://app.example.com`), or `*` for any. Unset:
 * any origin outside production, none in production.
 */
function parseCorsOrigins(
  list: string | undefined,
  production: boolean,
  problems: string[],
): "any" | string[] {
  if (list === undefined) return production ? [] : "any";
  const origins = list
    .split(",")
    .map((origin) => origin.trim().replace(/\/$/, ""))
    .filter(Boolean);
  if (origins.includes("*")) return "any";
  if (origins.some((origin) => !ORIGIN.test(origin))) {
    problems.push(
      "CORS_ORIGINS: must be browser origins such as https://app.example.com (scheme, host and port only, no path), comma-separated, or *",
    );
  }
  return origins;
}
