import { generateKeyPairSync, type KeyObject } from "node:crypto";

/**
 * The credentials the emulators accept in sandbox mode. They are public on purpose: the emulators hold only
 * generated sample users, and these values let `npm start` work with no vendor account.
 */
export const SANDBOX_TENCENT_IM = {
  sdkAppId: 1400000001,
  secretKey: "sandbox-tencent-im-secret-key-0000000000000000000000000000000000",
  adminIdentifier: "administrator",
  customTags: ["Tag_Profile_Custom_Test"],
} as const;

export const SANDBOX_QUECTEL = {
  accessKey: "sandbox-quectel-access-key",
  accessSecret: "sandbox-quectel-access-secret-0000000000",
} as const;

export const SANDBOX_ONEACCESS = {
  clientId: "sandbox-oneaccess-client",
} as const;

export const SANDBOX_ALIPAY_PLUS = {
  clientId: "SANDBOX_MINI_PROGRAM",
} as const;

/**
 * The sandbox's merchant and wallet RSA key pairs. They are made anew at each start (never committed, never
 * reused): the service signs with the merchant's private half and the emulator verifies with the public one, and
 * the other way round for responses.
 */
export function createSandboxAlipayPlusKeys(): Record<
  "merchant" | "wallet",
  { publicKey: KeyObject; privateKey: KeyObject }
> {
  return {
    merchant: generateKeyPairSync("rsa", { modulusLength: 2048 }),
    wallet: generateKeyPairSync("rsa", { modulusLength: 2048 }),
  };
}

/** Ports the emulators listen on in sandbox mode, each overridable by its *_EMULATOR_PORT variable. */
export const DEFAULT_EMULATOR_PORTS = {
  tencentIm: 4101,
  quectel: 4102,
  oneAccess: 4103,
  alipayPlus: 4104,
} as const;

/** The variable that moves each emulator to another port. */
export const EMULATOR_PORT_VARIABLES = {
  tencentIm: "TENCENT_IM_EMULATOR_PORT",
  quectel: "QUECTEL_EMULATOR_PORT",
  oneAccess: "ONEACCESS_EMULATOR_PORT",
  alipayPlus: "ALIPAY_PLUS_EMULATOR_PORT",
} as const;
