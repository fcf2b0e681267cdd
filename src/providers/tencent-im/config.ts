import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from "class-validator";
import { defineSettings } from "../../domain/source.js";
import { HttpUrl, OptionalPort, OptionalWholeNumber, regionUrl } from "../../config/variables.js";
import { IM_ACCOUNT_ID, normaliseCustomTag } from "./tags.js";

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

/** Every default of the source, in one place. */
export const TENCENT_IM_DEFAULTS = {
  adminIdentifier: "administrator",
  timeoutMs: 3000,
  maxCallsPerSecond: 200,
  coalesceWindowMs: 0,
  maxQueueWaitMs: 1000,
  maxPending: 20_000,
  maxInFlight: 64,
  fallbackCallsPerSecond: 50,
  cacheTtlMs: 0,
  emulatorPort: 4101,
} as const;

/**
 * The credentials the IM emulator accepts in sandbox mode. Public on purpose: the emulator holds only generated
 * sample users, and these values let `npm start` work with no vendor account.
 */
export const SANDBOX_TENCENT_IM = {
  sdkAppId: 1400000001,
  secretKey: "sandbox-tencent-im-secret-key-0000000000000000000000000000000000",
  adminIdentifier: TENCENT_IM_DEFAULTS.adminIdentifier,
  customTags: ["Tag_Profile_Custom_Test"],
} as const;

export interface TencentImConfig {
  sdkAppId: number;
  secretKey: string;
  adminIdentifier: string;
  baseUrl: string;
  /** Full tag names, `Tag_Profile_Custom_*`. */
  customTags: string[];
  timeoutMs: number;
  /** Calls per second across this process (Tencent allows 200 per app). */
  maxCallsPerSecond: number;
  /** How long a lookup that finds the queue empty waits for others before its call may leave. */
  coalesceWindowMs: number;
  /** A lookup still queued after this long fails with SOURCE_RATE_LIMITED. */
  maxQueueWaitMs: number;
  /** Lookups waiting or in flight before new ones are refused. */
  maxPending: number;
  /** portrait_get calls in flight at once. */
  maxInFlight: number;
  /** With REDIS_URL, while Redis is unreachable: this replica's own calls per second. */
  fallbackCallsPerSecond: number;
  /** How long an answer is kept between requests (0: never). */
  cacheTtlMs: number;
}

/** What the IM emulator checks in sandbox mode. */
export type TencentImEmulatorSettings = Pick<
  TencentImConfig,
  "sdkAppId" | "secretKey" | "adminIdentifier" | "customTags"
>;

const credentialsSet = (env: TencentImVariables) =>
  env.TENCENT_IM_SDKAPPID !== undefined || env.TENCENT_IM_SECRET_KEY !== undefined;

export class TencentImVariables {
  @ValidateIf(credentialsSet)
  @IsInt({
    message:
      "must be the numeric SDKAppID shown in the Tencent Cloud Chat console (set it together with TENCENT_IM_SECRET_KEY)",
  })
  @Min(1, { message: "must be a positive SDKAppID" })
  TENCENT_IM_SDKAPPID?: number;

  @ValidateIf(credentialsSet)
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

  @ValidateIf((env: TencentImVariables) => credentialsSet(env) && env.TENCENT_IM_BASE_URL === undefined)
  @IsIn(Object.keys(TENCENT_IM_REGIONS), {
    message: `must be the app's data-centre region, one of ${Object.keys(TENCENT_IM_REGIONS).join(", ")} (or set TENCENT_IM_BASE_URL)`,
  })
  TENCENT_IM_REGION?: string;

  @HttpUrl("https://adminapisgp.im.qcloud.com")
  TENCENT_IM_BASE_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  TENCENT_IM_CUSTOM_TAGS?: string;

  @OptionalWholeNumber(1, 60_000, "milliseconds")
  TENCENT_IM_TIMEOUT_MS?: number;

  // Tencent's default limit is 200 calls/s per app; plans with a raised limit may set more.
  @OptionalWholeNumber(
    1,
    10_000,
    "calls per second",
    " (Tencent allows 200 per app unless the plan raises it)",
  )
  TENCENT_IM_MAX_CALLS_PER_SECOND?: number;

  @OptionalWholeNumber(0, 50, "milliseconds")
  TENCENT_IM_COALESCE_WINDOW_MS?: number;

  @OptionalWholeNumber(1, 60_000, "milliseconds")
  TENCENT_IM_MAX_QUEUE_WAIT_MS?: number;

  @OptionalWholeNumber(1, 1_000_000, "lookups")
  TENCENT_IM_MAX_PENDING?: number;

  @OptionalWholeNumber(1, 1024, "calls in flight")
  TENCENT_IM_MAX_IN_FLIGHT?: number;

  @OptionalWholeNumber(1, 200, "calls per second", " (a replica's share of the budget while Redis is away)")
  TENCENT_IM_FALLBACK_CALLS_PER_SECOND?: number;

  @OptionalWholeNumber(0, 86_400_000, "milliseconds")
  TENCENT_IM_CACHE_TTL_MS?: number;

  @OptionalPort()
  TENCENT_IM_EMULATOR_PORT?: number;
}

function parseCustomTags(list: string | undefined, problems: string[]): string[] {
  const tags: string[] = [];
  for (const name of (list ?? "").split(",").map((part) => part.trim())) {
    if (name === "") continue;
    const tag = normaliseCustomTag(name);
    if (tag) tags.push(tag);
    else
      problems.push(
        `TENCENT_IM_CUSTOM_TAGS: "${name}" is not a custom tag name (letters, digits and _ only)`,
      );
  }
  return tags;
}

/** The settings that do not depend on where the source is: the same for the vendor and the emulator. */
const tuning = (env: TencentImVariables, problems: string[]) => ({
  customTags: parseCustomTags(env.TENCENT_IM_CUSTOM_TAGS, problems),
  timeoutMs: env.TENCENT_IM_TIMEOUT_MS ?? TENCENT_IM_DEFAULTS.timeoutMs,
  maxCallsPerSecond: env.TENCENT_IM_MAX_CALLS_PER_SECOND ?? TENCENT_IM_DEFAULTS.maxCallsPerSecond,
  coalesceWindowMs: env.TENCENT_IM_COALESCE_WINDOW_MS ?? TENCENT_IM_DEFAULTS.coalesceWindowMs,
  maxQueueWaitMs: env.TENCENT_IM_MAX_QUEUE_WAIT_MS ?? TENCENT_IM_DEFAULTS.maxQueueWaitMs,
  maxPending: env.TENCENT_IM_MAX_PENDING ?? TENCENT_IM_DEFAULTS.maxPending,
  maxInFlight: env.TENCENT_IM_MAX_IN_FLIGHT ?? TENCENT_IM_DEFAULTS.maxInFlight,
  fallbackCallsPerSecond:
    env.TENCENT_IM_FALLBACK_CALLS_PER_SECOND ?? TENCENT_IM_DEFAULTS.fallbackCallsPerSecond,
  cacheTtlMs: env.TENCENT_IM_CACHE_TTL_MS ?? TENCENT_IM_DEFAULTS.cacheTtlMs,
});

export const tencentImSettings = defineSettings({
  variables: TencentImVariables,
  credentialVariables: ["TENCENT_IM_SDKAPPID", "TENCENT_IM_SECRET_KEY"],
  emulatorPort: { variable: "TENCENT_IM_EMULATOR_PORT", default: TENCENT_IM_DEFAULTS.emulatorPort },
  fromEnvironment(env, problems): TencentImConfig | null {
    const settings = tuning(env, problems);
    const { TENCENT_IM_SDKAPPID: sdkAppId, TENCENT_IM_SECRET_KEY: secretKey } = env;
    if (sdkAppId === undefined || secretKey === undefined) return null;
    return {
      sdkAppId,
      secretKey,
      adminIdentifier: env.TENCENT_IM_ADMIN_IDENTIFIER ?? TENCENT_IM_DEFAULTS.adminIdentifier,
      baseUrl: env.TENCENT_IM_BASE_URL ?? regionUrl(TENCENT_IM_REGIONS, env.TENCENT_IM_REGION),
      ...settings,
    };
  },
  forSandbox(env, emulatorUrl) {
    const settings = tuning(env, []);
    const customTags =
      settings.customTags.length > 0 ? settings.customTags : [...SANDBOX_TENCENT_IM.customTags];
    const emulator = { ...SANDBOX_TENCENT_IM, customTags: [...SANDBOX_TENCENT_IM.customTags] };
    return { config: { ...settings, ...SANDBOX_TENCENT_IM, customTags, baseUrl: emulatorUrl }, emulator };
  },
});
