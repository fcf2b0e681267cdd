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
import type { LogFormat, LogLevel } from "../logger.js";
import { OptionalPort, OptionalWholeNumber } from "./variables.js";

/**
 * The service's own settings (each source declares its own in its folder): their variables, their defaults, and
 * the defaults that depend on NODE_ENV. src/config.ts assembles them with the sources'.
 */

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

const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"];
const LOG_FORMATS = ["json", "pretty"];
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
/** An IPv4 or IPv6 address, or a host name. */
const LISTEN_ADDRESS = /^(?:[0-9a-fA-F:.]+|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/;
/** A browser origin: scheme, host and optional port, nothing after. */
const ORIGIN = /^https?:\/\/(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;
const BOOLEAN = { message: "must be true or false" };

/** The service's own variables (each source declares its own in its folder). */
export class ServiceVariables {
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

/**
 * CORS_ORIGINS: a comma-separated list of browser origins (`https://app.example.com`), or `*` for any. Unset:
 * any origin outside production, none in production.
 */
export function parseCorsOrigins(
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
