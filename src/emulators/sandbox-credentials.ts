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

/** Ports the emulators listen on in sandbox mode, each overridable by its *_EMULATOR_PORT variable. */
export const DEFAULT_EMULATOR_PORTS = {
  tencentIm: 4101,
} as const;
