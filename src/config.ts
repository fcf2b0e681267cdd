import "reflect-metadata";
import type { KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
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
  getMetadataStorage,
  validateSync,
} from "class-validator";
import {
  DEFAULT_EMULATOR_PORTS,
  SANDBOX_ALIPAY_PLUS,
  SANDBOX_ONEACCESS,
  createSandboxAlipayPlusKeys,
  SANDBOX_QUECTEL,
  SANDBOX_TENCENT_IM,
} from "./emulators/sandbox-credentials.js";
import type { LogLevel } from "./logger.js";
import { parseProfilePrecedence, type ProfilePrecedence } from "./profile/fields.js";
import { parseRsaKey } from "./providers/alipay-plus/signature.js";
import { DEFAULT_MGF1_HASH, type Mgf1Hash } from "./providers/oneaccess/signature.js";
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

/** Quectel end-user API base URLs by region. */
export const QUECTEL_REGIONS = {
  cn: "https://iot-api.quectelcn.com",
  eu: "https://iot-api.acceleronix.io",
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
  /** How long lookups wait for other requests' lookups to share portrait_get calls. */
  coalesceWindowMs: number;
}

export interface QuectelConfig {
  accessKey: string;
  accessSecret: string;
  baseUrl: string;
  timeoutMs: number;
  maxConcurrency: number;
}

export interface OneAccessConfig {
  baseUrl: string;
  clientId: string;
  tenantId?: string;
  timeoutMs: number;
  /** MGF1 digest of the RSA-OAEP signature. */
  mgf1Hash: Mgf1Hash;
}

export interface AlipayPlusConfig {
  baseUrl: string;
  pathPrefix: string;
  clientId: string;
  privateKey: KeyObject;
  walletPublicKey: KeyObject;
  keyVersion: number;
  urlEncodeSignature: boolean;
  timeoutMs: number;
}

export interface SandboxConfig {
  /** Where each emulator listens. */
  ports: { tencentIm: number; quectel: number; oneAccess: number; alipayPlus: number };
  /** The other halves of the key pairs the sandbox config signs and verifies with. */
  alipayPlusKeys: { merchantPublicKey: KeyObject; walletPrivateKey: KeyObject };
  /** The OneAccess emulator decrypts as the service signs. */
  oneAccessMgf1Hash: Mgf1Hash;
}

/** The whole service's settings, validated. Only `src/index.ts` builds it from the environment. */
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
  /** Each source is null when the deployment has no credentials for it: its field then answers SOURCE_DISABLED. */
  tencentIm: TencentImConfig | null;
  quectel: QuectelConfig | null;
  oneAccess: OneAccessConfig | null;
  alipayPlus: AlipayPlusConfig | null;
}

const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"];
const URL_OPTIONS = { require_tld: false, protocols: ["http", "https"], require_protocol: true };

/** An optional whole number within bounds, with one message that says the range and the unit. */
function OptionalWholeNumber(min: number, max: number, unit: string, note = ""): PropertyDecorator {
  const message = `must be a whole number of ${unit} from ${min} to ${max}${note}`;
  return (target, property) => {
    for (const decorate of [IsOptional(), IsInt({ message }), Min(min, { message }), Max(max, { message })]) {
      decorate(target, property as string);
    }
  };
}

const OptionalPort = () => OptionalWholeNumber(0, 65535, "a port");

const OptionalUrl = (example: string) =>
  ((target, property) => {
    IsOptional()(target, property as string);
    IsUrl(URL_OPTIONS, { message: `must be an http(s) URL such as ${example}` })(target, property as string);
  }) as PropertyDecorator;

const ALIPAY_PLUS_CREDENTIALS = [
  "ALIPAY_PLUS_BASE_URL",
  "ALIPAY_PLUS_CLIENT_ID",
  "ALIPAY_PLUS_PRIVATE_KEY",
  "ALIPAY_PLUS_WALLET_PUBLIC_KEY",
] as const;
const alipayPlusCredentialsSet = (env: EnvironmentVariables) =>
  ALIPAY_PLUS_CREDENTIALS.some((name) => env[name] !== undefined);
const imCredentialsSet = (env: EnvironmentVariables) =>
  env.TENCENT_IM_SDKAPPID !== undefined || env.TENCENT_IM_SECRET_KEY !== undefined;
const quectelCredentialsSet = (env: EnvironmentVariables) =>
  env.QUECTEL_ACCESS_KEY !== undefined || env.QUECTEL_ACCESS_SECRET !== undefined;

/**
 * The environment as class-validator sees it: one property per variable, named exactly like it, so that every
 * message names the variable to fix. Whole numbers arrive as strings and are converted before validation.
 */
class EnvironmentVariables {
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

  @ValidateIf(imCredentialsSet)
  @IsInt({
    message:
      "must be the numeric SDKAppID shown in the Tencent Cloud Chat console (set it together with TENCENT_IM_SECRET_KEY)",
  })
  @Min(1, { message: "must be a positive SDKAppID" })
  TENCENT_IM_SDKAPPID?: number;

  @ValidateIf(imCredentialsSet)
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

  @ValidateIf((env: EnvironmentVariables) => imCredentialsSet(env) && env.TENCENT_IM_BASE_URL === undefined)
  @IsIn(Object.keys(TENCENT_IM_REGIONS), {
    message: `must be the app's data-centre region, one of ${Object.keys(TENCENT_IM_REGIONS).join(", ")} (or set TENCENT_IM_BASE_URL)`,
  })
  TENCENT_IM_REGION?: string;

  @OptionalUrl("https://adminapisgp.im.qcloud.com")
  TENCENT_IM_BASE_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  TENCENT_IM_CUSTOM_TAGS?: string;

  @OptionalWholeNumber(1, 60_000, "milliseconds")
  TENCENT_IM_TIMEOUT_MS?: number;

  @OptionalWholeNumber(1, 200, "calls per second", " (Tencent allows 200 per app)")
  TENCENT_IM_MAX_CALLS_PER_SECOND?: number;

  @OptionalWholeNumber(0, 50, "milliseconds")
  TENCENT_IM_COALESCE_WINDOW_MS?: number;

  @OptionalPort()
  TENCENT_IM_EMULATOR_PORT?: number;

  @ValidateIf(quectelCredentialsSet)
  @IsString({
    message: "must be set to the AccessKey from the Quectel developer center (with QUECTEL_ACCESS_SECRET)",
  })
  @MinLength(4, { message: "looks too short for a Quectel AccessKey" })
  QUECTEL_ACCESS_KEY?: string;

  @ValidateIf(quectelCredentialsSet)
  @IsString({ message: "must be set to the AccessSecret that goes with QUECTEL_ACCESS_KEY" })
  @MinLength(8, { message: "looks too short for a Quectel AccessSecret (copy it whole)" })
  QUECTEL_ACCESS_SECRET?: string;

  @ValidateIf((env: EnvironmentVariables) => quectelCredentialsSet(env) && env.QUECTEL_BASE_URL === undefined)
  @IsIn(Object.keys(QUECTEL_REGIONS), {
    message: `must be the tenant's region, one of ${Object.keys(QUECTEL_REGIONS).join(", ")} (or set QUECTEL_BASE_URL)`,
  })
  QUECTEL_REGION?: string;

  @OptionalUrl("https://iot-api.acceleronix.io")
  QUECTEL_BASE_URL?: string;

  @OptionalWholeNumber(1, 60_000, "milliseconds")
  QUECTEL_TIMEOUT_MS?: number;

  @OptionalWholeNumber(1, 256, "calls in flight")
  QUECTEL_MAX_CONCURRENCY?: number;

  @OptionalPort()
  QUECTEL_EMULATOR_PORT?: number;

  @ValidateIf((env: EnvironmentVariables) => env.ONEACCESS_CLIENT_ID !== undefined)
  @IsString({
    message: "must be set to the OneAccess application's user-access domain URL, with ONEACCESS_CLIENT_ID",
  })
  @IsUrl(URL_OPTIONS, { message: "must be an http(s) URL such as https://example.huaweioneaccess.com" })
  ONEACCESS_BASE_URL?: string;

  @ValidateIf((env: EnvironmentVariables) => env.ONEACCESS_BASE_URL !== undefined)
  @IsString({
    message: "must be set to the OneAccess application's client id (X-client-id), with ONEACCESS_BASE_URL",
  })
  @Matches(/^[\w.-]{1,128}$/, {
    message: "must be the application's client id as the OneAccess console shows it",
  })
  ONEACCESS_CLIENT_ID?: string;

  @IsOptional()
  @Matches(/^[\w.-]{1,128}$/, { message: "must be the tenant id as the OneAccess console shows it" })
  ONEACCESS_TENANT_ID?: string;

  @OptionalWholeNumber(1, 60_000, "milliseconds")
  ONEACCESS_TIMEOUT_MS?: number;

  @IsOptional()
  @IsIn(["sha1", "sha256"], {
    message: "must be sha1 (the vendor's Java sample, default) or sha256 (SHA-256 for MGF1 too)",
  })
  ONEACCESS_OAEP_MGF1_HASH?: string;

  @OptionalPort()
  ONEACCESS_EMULATOR_PORT?: number;

  @ValidateIf(alipayPlusCredentialsSet)
  @IsString({ message: "must be set to the wallet's OpenAPI URL, with the other ALIPAY_PLUS_* credentials" })
  @IsUrl(URL_OPTIONS, { message: "must be an http(s) URL such as https://openapi.wallet.example.com" })
  ALIPAY_PLUS_BASE_URL?: string;

  @IsOptional()
  @Matches(/^(\/[\w.-]+)*\/?$/, { message: "must be a path prefix such as /api, or / for none" })
  ALIPAY_PLUS_PATH_PREFIX?: string;

  @ValidateIf(alipayPlusCredentialsSet)
  @IsString({ message: "must be set to the mini program's Client-Id from the wallet's developer console" })
  @Matches(/^[\w.-]{1,64}$/, { message: "must be the Client-Id as the wallet's console shows it" })
  ALIPAY_PLUS_CLIENT_ID?: string;

  @ValidateIf(alipayPlusCredentialsSet)
  @IsString({ message: "must be set to the merchant's RSA private key (PEM, Base64 PKCS#8, or a file path)" })
  ALIPAY_PLUS_PRIVATE_KEY?: string;

  @ValidateIf(alipayPlusCredentialsSet)
  @IsString({ message: "must be set to the wallet's RSA public key (PEM, Base64, or a file path)" })
  ALIPAY_PLUS_WALLET_PUBLIC_KEY?: string;

  @OptionalWholeNumber(1, 999, "a key version")
  ALIPAY_PLUS_KEY_VERSION?: number;

  @IsOptional()
  @IsBooleanString({ message: "must be true or false" })
  ALIPAY_PLUS_URL_ENCODE_SIGNATURE?: string;

  @OptionalWholeNumber(1, 60_000, "milliseconds")
  ALIPAY_PLUS_TIMEOUT_MS?: number;

  @OptionalPort()
  ALIPAY_PLUS_EMULATOR_PORT?: number;
}

type EnvName = keyof EnvironmentVariables;

/** The validation metadata: every variable the class declares, and which hold whole numbers. */
const VALIDATIONS = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, "", true, false);
/** Every variable the service reads besides NODE_ENV. */
export const CONFIG_VARIABLES = [...new Set(VALIDATIONS.map((rule) => rule.propertyName as EnvName))];
const NUMERIC = new Set(VALIDATIONS.filter((rule) => rule.name === "isInt").map((rule) => rule.propertyName));

/** Variables whose presence means "talk to the real vendor". */
const CREDENTIAL_VARIABLES: EnvName[] = [
  "TENCENT_IM_SDKAPPID",
  "TENCENT_IM_SECRET_KEY",
  "QUECTEL_ACCESS_KEY",
  "QUECTEL_ACCESS_SECRET",
  "ONEACCESS_CLIENT_ID",
  ...ALIPAY_PLUS_CREDENTIALS,
];

/** Thrown at start-up; its message lists every bad variable and how to fix it, and never prints a value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\nSee .env.example.`,
    );
    this.name = "ConfigError";
  }
}

/** Copies the known variables, trimmed; empty counts as unset; whole numbers become numbers. */
function readEnvironment(env: Record<string, string | undefined>): EnvironmentVariables {
  const variables = new EnvironmentVariables();
  const target = variables as unknown as Record<string, unknown>;
  for (const name of CONFIG_VARIABLES) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") continue;
    target[name] = NUMERIC.has(name) && /^-?\d+$/.test(raw) ? Number(raw) : raw;
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
 * Reads an RSA key given inline (PEM or Base64) or as a path to a file holding one. A problem names the variable
 * and never shows the value.
 */
function readRsaKey(
  name: EnvName,
  value: string | undefined,
  kind: "private" | "public",
  problems: string[],
): KeyObject | undefined {
  if (value === undefined) return undefined;
  const inline = value.includes("-----BEGIN") || !existsSync(value);
  try {
    return parseRsaKey(inline ? value : readFileSync(value, "utf8"), kind);
  } catch {
    problems.push(
      inline
        ? `${name}: is not an RSA ${kind} key in PEM or Base64 ${kind === "private" ? "PKCS#8" : "X.509"} form, nor the path of a file holding one`
        : `${name}: the file it names does not hold an RSA ${kind} key in PEM or Base64 form`,
    );
    return undefined;
  }
}

const regionUrl = <Regions extends Record<string, string>>(regions: Regions, region: string | undefined) =>
  regions[region as keyof Regions] as string;

/**
 * Validates the environment and returns the typed configuration. Sandbox mode is chosen with SANDBOX=true, or
 * when no provider credentials are set at all; it wires every source to its emulator with the sandbox
 * credentials. With credentials, the emulators are never used, and a source without credentials is disabled.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const variables = readEnvironment(env);
  // One line per variable: the decorator written first (the type check) says the most, and class-validator
  // lists constraints in the reverse order of the decorators.
  const problems = validateSync(variables).map(
    (error) => `${error.property}: ${Object.values(error.constraints ?? {}).reverse()[0] ?? "is invalid"}`,
  );
  const customTags = parseCustomTags(variables.TENCENT_IM_CUSTOM_TAGS, problems);
  const profile = parseProfilePrecedence(variables.PROFILE_PRECEDENCE);
  problems.push(...profile.problems.map((problem) => `PROFILE_PRECEDENCE: ${problem}`));
  const merchantKey = readRsaKey(
    "ALIPAY_PLUS_PRIVATE_KEY",
    variables.ALIPAY_PLUS_PRIVATE_KEY,
    "private",
    problems,
  );
  const walletKey = readRsaKey(
    "ALIPAY_PLUS_WALLET_PUBLIC_KEY",
    variables.ALIPAY_PLUS_WALLET_PUBLIC_KEY,
    "public",
    problems,
  );
  if (problems.length > 0) throw new ConfigError(problems);

  const hasCredentials = CREDENTIAL_VARIABLES.some((name) => variables[name] !== undefined);
  const sandbox = variables.SANDBOX === undefined ? !hasCredentials : variables.SANDBOX === "true";
  const common = {
    port: variables.PORT ?? 4000,
    production: env.NODE_ENV === "production",
    logLevel: (variables.LOG_LEVEL as LogLevel | undefined) ?? "info",
    maxUsersPerRequest: variables.USERS_MAX_IDS ?? 1000,
    viewerIdHeader: (variables.VIEWER_ID_HEADER ?? "x-user-id").toLowerCase(),
    profilePrecedence: profile.precedence,
  };
  const imTuning = {
    customTags,
    timeoutMs: variables.TENCENT_IM_TIMEOUT_MS ?? 3000,
    maxCallsPerSecond: variables.TENCENT_IM_MAX_CALLS_PER_SECOND ?? 200,
    coalesceWindowMs: variables.TENCENT_IM_COALESCE_WINDOW_MS ?? 2,
  };
  const quectelTuning = {
    timeoutMs: variables.QUECTEL_TIMEOUT_MS ?? 3000,
    maxConcurrency: variables.QUECTEL_MAX_CONCURRENCY ?? 16,
  };
  const oneAccessTuning = {
    timeoutMs: variables.ONEACCESS_TIMEOUT_MS ?? 3000,
    mgf1Hash: (variables.ONEACCESS_OAEP_MGF1_HASH as Mgf1Hash | undefined) ?? DEFAULT_MGF1_HASH,
  };
  const alipayPlusTuning = {
    pathPrefix: variables.ALIPAY_PLUS_PATH_PREFIX ?? "/api",
    keyVersion: variables.ALIPAY_PLUS_KEY_VERSION ?? 1,
    urlEncodeSignature: variables.ALIPAY_PLUS_URL_ENCODE_SIGNATURE !== "false",
    timeoutMs: variables.ALIPAY_PLUS_TIMEOUT_MS ?? 3000,
  };

  if (sandbox) {
    const ports = {
      tencentIm: variables.TENCENT_IM_EMULATOR_PORT ?? DEFAULT_EMULATOR_PORTS.tencentIm,
      quectel: variables.QUECTEL_EMULATOR_PORT ?? DEFAULT_EMULATOR_PORTS.quectel,
      oneAccess: variables.ONEACCESS_EMULATOR_PORT ?? DEFAULT_EMULATOR_PORTS.oneAccess,
      alipayPlus: variables.ALIPAY_PLUS_EMULATOR_PORT ?? DEFAULT_EMULATOR_PORTS.alipayPlus,
    };
    const keys = createSandboxAlipayPlusKeys();
    return {
      ...common,
      sandbox: {
        ports,
        oneAccessMgf1Hash: oneAccessTuning.mgf1Hash,
        alipayPlusKeys: {
          merchantPublicKey: keys.merchant.publicKey,
          walletPrivateKey: keys.wallet.privateKey,
        },
      },
      tencentIm: {
        ...SANDBOX_TENCENT_IM,
        ...imTuning,
        customTags: customTags.length > 0 ? customTags : [...SANDBOX_TENCENT_IM.customTags],
        baseUrl: `http://127.0.0.1:${ports.tencentIm}`,
      },
      quectel: { ...SANDBOX_QUECTEL, ...quectelTuning, baseUrl: `http://127.0.0.1:${ports.quectel}` },
      oneAccess: {
        ...SANDBOX_ONEACCESS,
        ...oneAccessTuning,
        baseUrl: `http://127.0.0.1:${ports.oneAccess}`,
      },
      alipayPlus: {
        ...SANDBOX_ALIPAY_PLUS,
        ...alipayPlusTuning,
        privateKey: keys.merchant.privateKey,
        walletPublicKey: keys.wallet.publicKey,
        baseUrl: `http://127.0.0.1:${ports.alipayPlus}`,
      },
    };
  }

  const { TENCENT_IM_SDKAPPID: sdkAppId, TENCENT_IM_SECRET_KEY: secretKey } = variables;
  const { QUECTEL_ACCESS_KEY: accessKey, QUECTEL_ACCESS_SECRET: accessSecret } = variables;
  return {
    ...common,
    sandbox: null,
    tencentIm:
      sdkAppId !== undefined && secretKey !== undefined
        ? {
            sdkAppId,
            secretKey,
            adminIdentifier: variables.TENCENT_IM_ADMIN_IDENTIFIER ?? "administrator",
            baseUrl:
              variables.TENCENT_IM_BASE_URL ?? regionUrl(TENCENT_IM_REGIONS, variables.TENCENT_IM_REGION),
            ...imTuning,
          }
        : null,
    quectel:
      accessKey !== undefined && accessSecret !== undefined
        ? {
            accessKey,
            accessSecret,
            baseUrl: variables.QUECTEL_BASE_URL ?? regionUrl(QUECTEL_REGIONS, variables.QUECTEL_REGION),
            ...quectelTuning,
          }
        : null,
    oneAccess:
      variables.ONEACCESS_BASE_URL !== undefined && variables.ONEACCESS_CLIENT_ID !== undefined
        ? {
            baseUrl: variables.ONEACCESS_BASE_URL,
            clientId: variables.ONEACCESS_CLIENT_ID,
            ...(variables.ONEACCESS_TENANT_ID ? { tenantId: variables.ONEACCESS_TENANT_ID } : {}),
            ...oneAccessTuning,
          }
        : null,
    alipayPlus:
      variables.ALIPAY_PLUS_BASE_URL !== undefined &&
      variables.ALIPAY_PLUS_CLIENT_ID !== undefined &&
      merchantKey !== undefined &&
      walletKey !== undefined
        ? {
            baseUrl: variables.ALIPAY_PLUS_BASE_URL,
            clientId: variables.ALIPAY_PLUS_CLIENT_ID,
            privateKey: merchantKey,
            walletPublicKey: walletKey,
            ...alipayPlusTuning,
          }
        : null,
  };
}
