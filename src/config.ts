import "reflect-metadata";
import { IsBooleanString, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength } from "class-validator";
import {
  ConfigError,
  OptionalPort,
  OptionalWholeNumber,
  declaredVariables,
  readVariables,
} from "./config/variables.js";
import { CostVariables, readCostLimits, type CostLimits } from "./cost/config.js";
import type { LogLevel } from "./logger.js";
import { parseProfilePrecedence, type ProfilePrecedence } from "./profile/fields.js";
import { SOURCES, type ConfigOf, type EmulatorSettingsOf, type SourceName } from "./providers/registry.js";

export { ConfigError };

/** The service's own settings' defaults; each source's are in its folder's config.ts. */
export const SERVICE_DEFAULTS = {
  port: 4000,
  logLevel: "info" as LogLevel,
  maxUsersPerRequest: 1000,
  viewerIdHeader: "x-user-id",
  cacheMaxEntries: 10_000,
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
  production: boolean;
  logLevel: LogLevel;
  /** Largest number of ids `users(ids:)` accepts. */
  maxUsersPerRequest: number;
  /** The trusted request header the router sets to the signed-in user's id. */
  viewerIdHeader: string;
  /** For each merged profile field, the sources in the order they win. */
  profilePrecedence: ProfilePrecedence;
  /** Set when the service runs on its embedded emulators instead of the vendors. */
  sandbox: SandboxConfig | null;
  /** REDIS_URL: the replicas share the IM budget, the Quectel token and the answer cache there. */
  redisUrl: string | null;
  /** Entries of each source's in-memory answer cache (used without Redis). */
  cacheMaxEntries: number;
  /** What one request may cost at most (src/cost/). */
  cost: CostLimits;
  sources: SourceConfigs;
}

const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"];

/** The service's own variables (each source declares its own in its folder). */
class ServiceVariables {
  @OptionalPort()
  PORT?: number;

  @IsOptional()
  @IsBooleanString({ message: "must be true or false" })
  SANDBOX?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` })
  LOG_LEVEL?: string;

  @OptionalWholeNumber(1, 100_000, "ids")
  USERS_MAX_IDS?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: "must be an HTTP header name such as x-user-id" })
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
}

/** Every variable the service reads besides NODE_ENV. */
export const CONFIG_VARIABLES = [
  ServiceVariables,
  CostVariables,
  ...SOURCES.map((source) => source.settings.variables),
].flatMap((type) => declaredVariables(type).names);

/**
 * Validates the environment and returns the typed configuration; a ConfigError lists every bad variable. Sandbox
 * mode is chosen with SANDBOX=true, or when no source's credentials are set at all: it wires every source to its
 * emulator with the sandbox credentials. With credentials, the emulators are never used, and a source without
 * credentials is disabled.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const problems: string[] = [];
  const service = readVariables(ServiceVariables, env, problems);
  const profile = parseProfilePrecedence(service.PROFILE_PRECEDENCE);
  problems.push(...profile.problems.map((problem) => `PROFILE_PRECEDENCE: ${problem}`));
  const cost = readCostLimits(env, problems);
  const sources = SOURCES.map((source) => {
    const variables = readVariables(source.settings.variables, env, problems) as Record<string, unknown>;
    return { source, variables, config: source.settings.fromEnvironment(variables, problems) };
  });
  if (problems.length > 0) throw new ConfigError(problems);

  const hasCredentials = sources.some(({ source, variables }) =>
    source.settings.credentialVariables.some((name) => variables[name] !== undefined),
  );
  const sandbox = service.SANDBOX === undefined ? !hasCredentials : service.SANDBOX === "true";
  const common = {
    port: service.PORT ?? SERVICE_DEFAULTS.port,
    production: env.NODE_ENV === "production",
    logLevel: (service.LOG_LEVEL as LogLevel | undefined) ?? SERVICE_DEFAULTS.logLevel,
    maxUsersPerRequest: service.USERS_MAX_IDS ?? SERVICE_DEFAULTS.maxUsersPerRequest,
    viewerIdHeader: (service.VIEWER_ID_HEADER ?? SERVICE_DEFAULTS.viewerIdHeader).toLowerCase(),
    profilePrecedence: profile.precedence,
    redisUrl: service.REDIS_URL ?? null,
    cacheMaxEntries: service.CACHE_MAX_ENTRIES ?? SERVICE_DEFAULTS.cacheMaxEntries,
    cost,
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
