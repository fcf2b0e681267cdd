import { IsIn, IsOptional, IsString, Matches, ValidateIf } from "class-validator";
import { HttpUrl, OptionalPort, OptionalWholeNumber } from "../../config/variables.js";
import { defineSettings } from "../../domain/source.js";
import { DEFAULT_MGF1_HASH, type Mgf1Hash } from "./signature.js";

/** Every default of the source, in one place. */
export const ONE_ACCESS_DEFAULTS = {
  timeoutMs: 3000,
  mgf1Hash: DEFAULT_MGF1_HASH,
  emulatorPort: 4103,
} as const;

/** The application the OneAccess emulator serves in sandbox mode. */
export const SANDBOX_ONE_ACCESS = { clientId: "sandbox-oneaccess-client" } as const;

export interface OneAccessConfig {
  baseUrl: string;
  clientId: string;
  tenantId?: string;
  timeoutMs: number;
  /** MGF1 digest of the RSA-OAEP signature. */
  mgf1Hash: Mgf1Hash;
}

export type OneAccessEmulatorSettings = Pick<OneAccessConfig, "clientId" | "mgf1Hash">;

const CONSOLE_ID = /^[\w.-]{1,128}$/;

export class OneAccessVariables {
  @ValidateIf((env: OneAccessVariables) => env.ONEACCESS_CLIENT_ID !== undefined)
  @IsString({
    message: "must be set to the OneAccess application's user-access domain URL, with ONEACCESS_CLIENT_ID",
  })
  @HttpUrl("https://example.huaweioneaccess.com", { optional: false })
  ONEACCESS_BASE_URL?: string;

  @ValidateIf((env: OneAccessVariables) => env.ONEACCESS_BASE_URL !== undefined)
  @IsString({
    message: "must be set to the OneAccess application's client id (X-client-id), with ONEACCESS_BASE_URL",
  })
  @Matches(CONSOLE_ID, { message: "must be the application's client id as the OneAccess console shows it" })
  ONEACCESS_CLIENT_ID?: string;

  @IsOptional()
  @Matches(CONSOLE_ID, { message: "must be the tenant id as the OneAccess console shows it" })
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
}

const tuning = (env: OneAccessVariables) => ({
  timeoutMs: env.ONEACCESS_TIMEOUT_MS ?? ONE_ACCESS_DEFAULTS.timeoutMs,
  mgf1Hash: (env.ONEACCESS_OAEP_MGF1_HASH as Mgf1Hash | undefined) ?? ONE_ACCESS_DEFAULTS.mgf1Hash,
});

export const oneAccessSettings = defineSettings({
  variables: OneAccessVariables,
  credentialVariables: ["ONEACCESS_CLIENT_ID"],
  emulatorPort: { variable: "ONEACCESS_EMULATOR_PORT", default: ONE_ACCESS_DEFAULTS.emulatorPort },
  fromEnvironment(env): OneAccessConfig | null {
    if (env.ONEACCESS_BASE_URL === undefined || env.ONEACCESS_CLIENT_ID === undefined) return null;
    return {
      baseUrl: env.ONEACCESS_BASE_URL,
      clientId: env.ONEACCESS_CLIENT_ID,
      ...(env.ONEACCESS_TENANT_ID ? { tenantId: env.ONEACCESS_TENANT_ID } : {}),
      ...tuning(env),
    };
  },
  forSandbox(env, emulatorUrl) {
    const settings = tuning(env);
    return {
      config: { ...SANDBOX_ONE_ACCESS, ...settings, baseUrl: emulatorUrl },
      emulator: { ...SANDBOX_ONE_ACCESS, mgf1Hash: settings.mgf1Hash },
    };
  },
});
