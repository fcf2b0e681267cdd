import "reflect-metadata";
import {
  ENVIRONMENT_DEFAULTS,
  SERVICE_DEFAULTS,
  ServiceVariables,
  parseCorsOrigins,
} from "./config/service.js";
import type { AppConfig, SandboxConfig, SourceConfigs } from "./config/types.js";
import { ConfigError, declaredVariables, readVariables } from "./config/variables.js";
import { CostVariables, readCostLimits } from "./cost/config.js";
import type { LogFormat, LogLevel } from "./logger.js";
import { UPSTREAM_DEFAULTS } from "./providers/http.js";
import { parseProfilePrecedence } from "./profile/fields.js";
import { SOURCES } from "./providers/registry.js";

export { ConfigError };

export { ENVIRONMENT_DEFAULTS, SERVICE_DEFAULTS };
export type { AppConfig, SandboxConfig, SourceConfigs } from "./config/types.js";

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
