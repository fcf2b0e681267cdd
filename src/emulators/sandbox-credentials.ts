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

/** Ports the emulators listen on in sandbox mode, each overridable by its *_EMULATOR_PORT variable. */
export const DEFAULT_EMULATOR_PORTS = {
  tencentIm: 4101,
  quectel: 4102,
  oneAccess: 4103,
} as const;

/** The variable that moves each emulator to another port. */
export const EMULATOR_PORT_VARIABLES = {
  tencentIm: "TENCENT_IM_EMULATOR_PORT",
  quectel: "QUECTEL_EMULATOR_PORT",
  oneAccess: "ONEACCESS_EMULATOR_PORT",
} as const;
