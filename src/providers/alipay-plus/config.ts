import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { IsBooleanString, IsOptional, IsString, Matches, ValidateIf } from "class-validator";
import { HttpUrl, OptionalPort, OptionalWholeNumber } from "../../config/variables.js";
import { defineSettings } from "../../domain/source.js";
import { parseRsaKey } from "./signature.js";

/** Every default of the source, in one place. */
export const ALIPAY_PLUS_DEFAULTS = {
  pathPrefix: "/api",
  keyVersion: 1,
  urlEncodeSignature: true,
  timeoutMs: 3000,
  emulatorPort: 4104,
} as const;

/** The mini program the wallet emulator serves in sandbox mode. */
export const SANDBOX_ALIPAY_PLUS = { clientId: "SANDBOX_MINI_PROGRAM" } as const;

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

/** The other halves of the key pairs the sandbox config signs and verifies with. */
export interface AlipayPlusEmulatorSettings {
  clientId: string;
  merchantPublicKey: KeyObject;
  walletPrivateKey: KeyObject;
}

const CREDENTIALS = [
  "ALIPAY_PLUS_BASE_URL",
  "ALIPAY_PLUS_CLIENT_ID",
  "ALIPAY_PLUS_PRIVATE_KEY",
  "ALIPAY_PLUS_WALLET_PUBLIC_KEY",
] as const;
const credentialsSet = (env: AlipayPlusVariables) => CREDENTIALS.some((name) => env[name] !== undefined);

export class AlipayPlusVariables {
  @ValidateIf(credentialsSet)
  @IsString({ message: "must be set to the wallet's OpenAPI URL, with the other ALIPAY_PLUS_* credentials" })
  @HttpUrl("https://openapi.wallet.example.com", { optional: false })
  ALIPAY_PLUS_BASE_URL?: string;

  @IsOptional()
  @Matches(/^(\/[\w.-]+)*\/?$/, { message: "must be a path prefix such as /api, or / for none" })
  ALIPAY_PLUS_PATH_PREFIX?: string;

  @ValidateIf(credentialsSet)
  @IsString({ message: "must be set to the mini program's Client-Id from the wallet's developer console" })
  @Matches(/^[\w.-]{1,64}$/, { message: "must be the Client-Id as the wallet's console shows it" })
  ALIPAY_PLUS_CLIENT_ID?: string;

  @ValidateIf(credentialsSet)
  @IsString({ message: "must be set to the merchant's RSA private key (PEM, Base64 PKCS#8, or a file path)" })
  ALIPAY_PLUS_PRIVATE_KEY?: string;

  @ValidateIf(credentialsSet)
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

/**
 * Reads an RSA key given inline (PEM or Base64) or as a path to a file holding one. A problem names the variable
 * and never shows the value.
 */
function readRsaKey(
  name: (typeof CREDENTIALS)[number],
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

const tuning = (env: AlipayPlusVariables) => ({
  pathPrefix: env.ALIPAY_PLUS_PATH_PREFIX ?? ALIPAY_PLUS_DEFAULTS.pathPrefix,
  keyVersion: env.ALIPAY_PLUS_KEY_VERSION ?? ALIPAY_PLUS_DEFAULTS.keyVersion,
  urlEncodeSignature:
    env.ALIPAY_PLUS_URL_ENCODE_SIGNATURE === undefined
      ? ALIPAY_PLUS_DEFAULTS.urlEncodeSignature
      : env.ALIPAY_PLUS_URL_ENCODE_SIGNATURE === "true",
  timeoutMs: env.ALIPAY_PLUS_TIMEOUT_MS ?? ALIPAY_PLUS_DEFAULTS.timeoutMs,
});

export const alipayPlusSettings = defineSettings({
  variables: AlipayPlusVariables,
  credentialVariables: CREDENTIALS,
  emulatorPort: { variable: "ALIPAY_PLUS_EMULATOR_PORT", default: ALIPAY_PLUS_DEFAULTS.emulatorPort },
  fromEnvironment(env, problems): AlipayPlusConfig | null {
    const privateKey = readRsaKey(
      "ALIPAY_PLUS_PRIVATE_KEY",
      env.ALIPAY_PLUS_PRIVATE_KEY,
      "private",
      problems,
    );
    const walletPublicKey = readRsaKey(
      "ALIPAY_PLUS_WALLET_PUBLIC_KEY",
      env.ALIPAY_PLUS_WALLET_PUBLIC_KEY,
      "public",
      problems,
    );
    const { ALIPAY_PLUS_BASE_URL: baseUrl, ALIPAY_PLUS_CLIENT_ID: clientId } = env;
    if (!baseUrl || !clientId || !privateKey || !walletPublicKey) return null;
    return { baseUrl, clientId, privateKey, walletPublicKey, ...tuning(env) };
  },
  /**
   * The sandbox's merchant and wallet key pairs are made anew at each start (never committed, never reused): the
   * service signs with the merchant's private half and the emulator verifies with the public one, and the other
   * way round for responses.
   */
  forSandbox(env, emulatorUrl) {
    const merchant = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const wallet = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return {
      config: {
        ...SANDBOX_ALIPAY_PLUS,
        ...tuning(env),
        privateKey: merchant.privateKey,
        walletPublicKey: wallet.publicKey,
        baseUrl: emulatorUrl,
      },
      emulator: {
        ...SANDBOX_ALIPAY_PLUS,
        merchantPublicKey: merchant.publicKey,
        walletPrivateKey: wallet.privateKey,
      },
    };
  },
});
