import type { SandboxConfig } from "../config.js";
import type { SourceName } from "../providers/registry.js";
import { AlipayPlusEmulator } from "./emulators/alipay-plus/emulator.js";
import { OneAccessEmulator } from "./emulators/one-access/emulator.js";
import { QuectelEmulator } from "./emulators/quectel/emulator.js";
import type { BaseFaults, EmulatorServer } from "./emulators/shared/emulator-server.js";
import { TencentImEmulator } from "./emulators/tencent-im/emulator.js";

interface SandboxEmulator<Name extends SourceName> {
  /** What it emulates, for the start-up banner. */
  endpoints: string;
  create(settings: NonNullable<SandboxConfig["emulators"][Name]>): EmulatorServer<BaseFaults>;
}

/** Each source's emulator, one entry a source; a source without one is not configured in sandbox mode. */
export const SANDBOX_EMULATORS: { [Name in SourceName]?: SandboxEmulator<Name> } = {
  tencentIm: {
    endpoints: "Tencent IM  (portrait_get)",
    create: (settings) => new TencentImEmulator(settings),
  },
  quectel: {
    endpoints: "Quectel     (accessKeyLogin, userInfo)",
    create: (settings) => new QuectelEmulator(settings),
  },
  oneAccess: {
    endpoints: "OneAccess   (server-date, public-key, profile)",
    create: (settings) => new OneAccessEmulator(settings),
  },
  alipayPlus: {
    endpoints: "Alipay+     (inquiryUserInfo, applyToken)",
    create: (settings) => new AlipayPlusEmulator(settings),
  },
};
