import { IsIn, IsString, MinLength, ValidateIf } from "class-validator";
import { HttpUrl, OptionalPort, OptionalWholeNumber, regionUrl } from "../../config/variables.js";
import { defineSettings } from "../../domain/source.js";

/** Quectel end-user API base URLs by region. */
export const QUECTEL_REGIONS = {
  cn: "https://iot-api.quectelcn.com",
  eu: "https://iot-api.acceleronix.io",
} as const;

/** Every default of the source, in one place. */
export const QUECTEL_DEFAULTS = {
  timeoutMs: 3000,
  maxConcurrency: 16,
  maxQueued: 2000,
  cacheTtlMs: 0,
  emulatorPort: 4102,
} as const;

/** The credentials the Quectel emulator accepts in sandbox mode (public on purpose, like the sample users). */
export const SANDBOX_QUECTEL = {
  accessKey: "sandbox-quectel-access-key",
  accessSecret: "sandbox-quectel-access-secret-0000000000",
} as const;

export interface QuectelConfig {
  accessKey: string;
  accessSecret: string;
  baseUrl: string;
  timeoutMs: number;
  /** userInfo calls in flight at once, across the process. */
  maxConcurrency: number;
  /** userInfo calls waiting for one of those slots; beyond it a lookup fails at once (SOURCE_RATE_LIMITED). */
  maxQueued: number;
  /** How long an answer is kept between requests (0: never). */
  cacheTtlMs: number;
}

export type QuectelEmulatorSettings = Pick<QuectelConfig, "accessKey" | "accessSecret">;

const credentialsSet = (env: QuectelVariables) =>
  env.QUECTEL_ACCESS_KEY !== undefined || env.QUECTEL_ACCESS_SECRET !== undefined;

export class QuectelVariables {
  @ValidateIf(credentialsSet)
  @IsString({
    message: "must be set to the AccessKey from the Quectel developer center (with QUECTEL_ACCESS_SECRET)",
  })
  @MinLength(4, { message: "looks too short for a Quectel AccessKey" })
  QUECTEL_ACCESS_KEY?: string;

  @ValidateIf(credentialsSet)
  @IsString({ message: "must be set to the AccessSecret that goes with QUECTEL_ACCESS_KEY" })
  @MinLength(8, { message: "looks too short for a Quectel AccessSecret (copy it whole)" })
  QUECTEL_ACCESS_SECRET?: string;

  @ValidateIf((env: QuectelVariables) => credentialsSet(env) && env.QUECTEL_BASE_URL === undefined)
  @IsIn(Object.keys(QUECTEL_REGIONS), {
    message: `must be the tenant's region, one of ${Object.keys(QUECTEL_REGIONS).join(", ")} (or set QUECTEL_BASE_URL)`,
  })
  QUECTEL_REGION?: string;

  @HttpUrl("https://iot-api.acceleronix.io")
  QUECTEL_BASE_URL?: string;

  @OptionalWholeNumber(1, 60_000, "milliseconds")
  QUECTEL_TIMEOUT_MS?: number;

  @OptionalWholeNumber(1, 256, "calls in flight")
  QUECTEL_MAX_CONCURRENCY?: number;

  @OptionalWholeNumber(1, 100_000, "calls waiting")
  QUECTEL_MAX_QUEUED?: number;

  @OptionalWholeNumber(0, 86_400_000, "milliseconds")
  QUECTEL_CACHE_TTL_MS?: number;

  @OptionalPort()
  QUECTEL_EMULATOR_PORT?: number;
}

const tuning = (env: QuectelVariables) => ({
  timeoutMs: env.QUECTEL_TIMEOUT_MS ?? QUECTEL_DEFAULTS.timeoutMs,
  maxConcurrency: env.QUECTEL_MAX_CONCURRENCY ?? QUECTEL_DEFAULTS.maxConcurrency,
  maxQueued: env.QUECTEL_MAX_QUEUED ?? QUECTEL_DEFAULTS.maxQueued,
  cacheTtlMs: env.QUECTEL_CACHE_TTL_MS ?? QUECTEL_DEFAULTS.cacheTtlMs,
});

export const quectelSettings = defineSettings({
  variables: QuectelVariables,
  credentialVariables: ["QUECTEL_ACCESS_KEY", "QUECTEL_ACCESS_SECRET"],
  emulatorPort: { variable: "QUECTEL_EMULATOR_PORT", default: QUECTEL_DEFAULTS.emulatorPort },
  fromEnvironment(env): QuectelConfig | null {
    const { QUECTEL_ACCESS_KEY: accessKey, QUECTEL_ACCESS_SECRET: accessSecret } = env;
    if (accessKey === undefined || accessSecret === undefined) return null;
    const baseUrl = env.QUECTEL_BASE_URL ?? regionUrl(QUECTEL_REGIONS, env.QUECTEL_REGION);
    return { accessKey, accessSecret, baseUrl, ...tuning(env) };
  },
  forSandbox(env, emulatorUrl) {
    return {
      config: { ...SANDBOX_QUECTEL, ...tuning(env), baseUrl: emulatorUrl },
      emulator: { ...SANDBOX_QUECTEL },
    };
  },
});
