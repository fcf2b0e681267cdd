import "reflect-metadata";
import {
  IsBooleanString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from "class-validator";
import { DEFAULT_EMULATOR_PORTS, SANDBOX_TENCENT_IM } from "./emulators/sandbox-credentials.js";
import type { LogLevel } from "./logger.js";
import { IM_ACCOUNT_ID, normaliseCustomTag } from "./providers/tencent-im/tags.js";

/** Tencent Cloud Chat REST API domains by data-centre region. */
export const TENCENT_IM_REGIONS = {
  china: "https://console.tim.qq.com",
  singapore: "https://adminapisgp.im.qcloud.com",
  seoul: "https://adminapikr.im.qcloud.com",
  tokyo: "https://adminapijpn.im.qcloud.com",
  frankfurt: "https://adminapiger.im.qcloud.com",
  mumbai: "https://adminapiind.im.qcloud.com",
  siliconvalley: "https://adminapiusa.im.qcloud.com",
  jakarta: "https://adminapiidn.im.qcloud.com",
} as const;

export interface TencentImConfig {
  sdkAppId: number;
  secretKey: string;
  adminIdentifier: string;
  baseUrl: string;
  /** Full tag names, `Tag_Profile_Custom_*`. */
  customTags: string[];
  timeoutMs: number;
  maxCallsPerSecond: number;
}

export interface SandboxConfig {
  /** Where each emulator listens. */
  ports: { tencentIm: number };
}

/** The whole service's settings, validated. Only `src/index.ts` builds it from the environment. */
export interface AppConfig {
  port: number;
  production: boolean;
  logLevel: LogLevel;
  /** Largest number of ids `users(ids:)` accepts. */
  maxUsersPerRequest: number;
  /** Set when the service runs on its embedded emulators instead of the vendors. */
  sandbox: SandboxConfig | null;
  /** null when the deployment has no Tencent IM credentials: the field then answers SOURCE_DISABLED. */
  tencentIm: TencentImConfig | null;
}

const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"];
const PORT_HINT = "must be a port number from 0 to 65535";
const whole = (what: string) => ({ message: `must be a whole number (${what})` });

/**
 * The environment as class-validator sees it: one property per variable, named exactly like it, so that every
 * message names the variable to fix. Numbers arrive as strings and are converted before validation.
 */
class EnvironmentVariables {
  @IsOptional()
  @IsInt({ message: PORT_HINT })
  @Min(0, { message: PORT_HINT })
  @Max(65535, { message: PORT_HINT })
  PORT?: number;

  @IsOptional()
  @IsBooleanString({ message: "must be true or false" })
  SANDBOX?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` })
  LOG_LEVEL?: string;

  @IsOptional()
  @IsInt(whole("ids"))
  @Min(1, { message: "must be at least 1" })
  @Max(100_000, { message: "must be at most 100000" })
  USERS_MAX_IDS?: number;

  @ValidateIf(
    (env: EnvironmentVariables) =>
      env.TENCENT_IM_SECRET_KEY !== undefined || env.TENCENT_IM_SDKAPPID !== undefined,
  )
  @IsInt({
    message:
      "must be the numeric SDKAppID shown in the Tencent Cloud Chat console (set it together with TENCENT_IM_SECRET_KEY)",
  })
  @Min(1, { message: "must be a positive SDKAppID" })
  TENCENT_IM_SDKAPPID?: number;

  @ValidateIf(
    (env: EnvironmentVariables) =>
      env.TENCENT_IM_SDKAPPID !== undefined || env.TENCENT_IM_SECRET_KEY !== undefined,
  )
  @IsString({
    message:
      "must be set to the app's secret key from the Tencent Cloud Chat console (set it together with TENCENT_IM_SDKAPPID)",
  })
  @MinLength(16, {
    message: "looks too short for a Tencent Cloud Chat secret key (copy it whole from the console)",
  })
  TENCENT_IM_SECRET_KEY?: string;

  @IsOptional()
  @Matches(IM_ACCOUNT_ID, {
    message: "must be an IM account id of the app's administrator (1-32 of A-Z a-z 0-9 _ -)",
  })
  TENCENT_IM_ADMIN_IDENTIFIER?: string;

  @ValidateIf(
    (env: EnvironmentVariables) =>
      env.TENCENT_IM_SDKAPPID !== undefined && env.TENCENT_IM_BASE_URL === undefined,
  )
  @IsIn(Object.keys(TENCENT_IM_REGIONS), {
    message: `must be the app's data-centre region, one of ${Object.keys(TENCENT_IM_REGIONS).join(", ")} (or set TENCENT_IM_BASE_URL)`,
  })
  TENCENT_IM_REGION?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ["http", "https"], require_protocol: true },
    { message: "must be an http(s) URL such as https://adminapisgp.im.qcloud.com" },
  )
  TENCENT_IM_BASE_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  TENCENT_IM_CUSTOM_TAGS?: string;

  @IsOptional()
  @IsInt(whole("milliseconds, e.g. 3000"))
  @Min(1, { message: "must be at least 1 ms" })
  @Max(60_000, { message: "must be at most 60000 ms" })
  TENCENT_IM_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt(whole("calls per second"))
  @Min(1, { message: "must be at least 1" })
  @Max(200, { message: "must be at most 200 (Tencent's limit per app)" })
  TENCENT_IM_MAX_CALLS_PER_SECOND?: number;

  @IsOptional()
  @IsInt({ message: PORT_HINT })
  @Min(0, { message: PORT_HINT })
  @Max(65535, { message: PORT_HINT })
  TENCENT_IM_EMULATOR_PORT?: number;
}

type EnvName = keyof EnvironmentVariables;

const NUMERIC: EnvName[] = [
  "PORT",
  "USERS_MAX_IDS",
  "TENCENT_IM_SDKAPPID",
  "TENCENT_IM_TIMEOUT_MS",
  "TENCENT_IM_MAX_CALLS_PER_SECOND",
  "TENCENT_IM_EMULATOR_PORT",
];

/** Variables whose presence means "talk to the real vendor". */
const CREDENTIAL_VARIABLES: EnvName[] = ["TENCENT_IM_SDKAPPID", "TENCENT_IM_SECRET_KEY"];

/** Thrown at start-up; its message lists every bad variable and how to fix it, and never prints a value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\nSee .env.example.`,
    );
    this.name = "ConfigError";
  }
}

const ENV_NAMES: EnvName[] = [
  "PORT",
  "SANDBOX",
  "LOG_LEVEL",
  "USERS_MAX_IDS",
  "TENCENT_IM_SDKAPPID",
  "TENCENT_IM_SECRET_KEY",
  "TENCENT_IM_ADMIN_IDENTIFIER",
  "TENCENT_IM_REGION",
  "TENCENT_IM_BASE_URL",
  "TENCENT_IM_CUSTOM_TAGS",
  "TENCENT_IM_TIMEOUT_MS",
  "TENCENT_IM_MAX_CALLS_PER_SECOND",
  "TENCENT_IM_EMULATOR_PORT",
];

/** Copies the known variables, trimmed; empty counts as unset; whole numbers become numbers. */
function readEnvironment(env: Record<string, string | undefined>): EnvironmentVariables {
  const variables = new EnvironmentVariables();
  const target = variables as unknown as Record<string, unknown>;
  for (const name of ENV_NAMES) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") continue;
    target[name] = NUMERIC.includes(name) && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  return variables;
}

function parseCustomTags(list: string | undefined, problems: string[]): string[] {
  if (list === undefined) return [];
  const names = list
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const tags: string[] = [];
  for (const name of names) {
    const tag = normaliseCustomTag(name);
    if (tag) tags.push(tag);
    else
      problems.push(
        `TENCENT_IM_CUSTOM_TAGS: "${name}" is not a custom tag name (letters, digits and _ only)`,
      );
  }
  return tags;
}

/**
 * Validates the environment and returns the typed configuration. Sandbox mode is chosen with SANDBOX=true, or
 * when no provider credentials are set at all; with credentials, the emulators are never used.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const variables = readEnvironment(env);
  // One line per variable: the decorator written first (the type check) says the most, and class-validator
  // lists constraints in the reverse order of the decorators.
  const problems = validateSync(variables).map(
    (error) => `${error.property}: ${Object.values(error.constraints ?? {}).reverse()[0] ?? "is invalid"}`,
  );
  const customTags = parseCustomTags(variables.TENCENT_IM_CUSTOM_TAGS, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const hasCredentials = CREDENTIAL_VARIABLES.some((name) => variables[name] !== undefined);
  const sandbox = variables.SANDBOX === undefined ? !hasCredentials : variables.SANDBOX === "true";
  const timeoutMs = variables.TENCENT_IM_TIMEOUT_MS ?? 3000;
  const maxCallsPerSecond = variables.TENCENT_IM_MAX_CALLS_PER_SECOND ?? 200;

  const common = {
    port: variables.PORT ?? 4000,
    production: env.NODE_ENV === "production",
    logLevel: (variables.LOG_LEVEL as LogLevel | undefined) ?? "info",
    maxUsersPerRequest: variables.USERS_MAX_IDS ?? 1000,
  };

  if (sandbox) {
    const ports = { tencentIm: variables.TENCENT_IM_EMULATOR_PORT ?? DEFAULT_EMULATOR_PORTS.tencentIm };
    return {
      ...common,
      sandbox: { ports },
      tencentIm: {
        ...SANDBOX_TENCENT_IM,
        customTags: customTags.length > 0 ? customTags : [...SANDBOX_TENCENT_IM.customTags],
        baseUrl: `http://127.0.0.1:${ports.tencentIm}`,
        timeoutMs,
        maxCallsPerSecond,
      },
    };
  }

  return {
    ...common,
    sandbox: null,
    tencentIm:
      variables.TENCENT_IM_SDKAPPID !== undefined && variables.TENCENT_IM_SECRET_KEY !== undefined
        ? {
            sdkAppId: variables.TENCENT_IM_SDKAPPID,
            secretKey: variables.TENCENT_IM_SECRET_KEY,
            adminIdentifier: variables.TENCENT_IM_ADMIN_IDENTIFIER ?? "administrator",
            baseUrl:
              variables.TENCENT_IM_BASE_URL ??
              TENCENT_IM_REGIONS[variables.TENCENT_IM_REGION as keyof typeof TENCENT_IM_REGIONS],
            customTags,
            timeoutMs,
            maxCallsPerSecond,
          }
        : null,
  };
}
