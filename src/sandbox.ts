import type { SandboxConfig } from "./config.js";
import { AlipayPlusEmulator } from "./emulators/alipay-plus/emulator.js";
import { OneAccessEmulator } from "./emulators/oneaccess/emulator.js";
import { QuectelEmulator } from "./emulators/quectel/emulator.js";
import {
  EMULATOR_PORT_VARIABLES,
  SANDBOX_ALIPAY_PLUS,
  SANDBOX_ONEACCESS,
  SANDBOX_QUECTEL,
  SANDBOX_TENCENT_IM,
} from "./emulators/sandbox-credentials.js";
import type { BaseFaults, EmulatorServer } from "./emulators/shared/emulator-server.js";
import { TencentImEmulator } from "./emulators/tencent-im/emulator.js";

type SourceEmulators = Record<keyof SandboxConfig["ports"], EmulatorServer<BaseFaults>>;

export interface RunningEmulators {
  urls: Record<keyof SourceEmulators, string>;
  close(): Promise<void>;
}

/**
 * Starts every emulator with the sandbox credentials on the configured ports. The sandbox config the service
 * runs with points its providers at these same ports and credentials. If one cannot listen (port taken), the
 * others are closed again and the error says which.
 */
export async function startSandboxEmulators(sandbox: SandboxConfig): Promise<RunningEmulators> {
  const emulators: SourceEmulators = {
    tencentIm: new TencentImEmulator({
      ...SANDBOX_TENCENT_IM,
      customTags: [...SANDBOX_TENCENT_IM.customTags],
    }),
    quectel: new QuectelEmulator({ ...SANDBOX_QUECTEL }),
    oneAccess: new OneAccessEmulator({ ...SANDBOX_ONEACCESS, mgf1Hash: sandbox.oneAccessMgf1Hash }),
    alipayPlus: new AlipayPlusEmulator({ ...SANDBOX_ALIPAY_PLUS, ...sandbox.alipayPlusKeys }),
  };
  const close = async () => {
    await Promise.all(Object.values(emulators).map((emulator) => emulator.close()));
  };
  const urls = {} as Record<keyof SourceEmulators, string>;
  for (const name of Object.keys(emulators) as (keyof SourceEmulators)[]) {
    try {
      urls[name] = await emulators[name].listen(sandbox.ports[name]);
    } catch (error) {
      await close();
      throw new Error(
        `The ${name} emulator cannot listen on port ${sandbox.ports[name]} (${(error as Error).message}); ` +
          `set ${EMULATOR_PORT_VARIABLES[name]} to a free port.`,
        { cause: error },
      );
    }
  }
  return { urls, close };
}

const EMULATED_ENDPOINTS: Record<keyof SourceEmulators, string> = {
  tencentIm: "Tencent IM  (portrait_get)",
  quectel: "Quectel     (accessKeyLogin, userInfo)",
  oneAccess: "OneAccess   (server-date, public-key, profile)",
  alipayPlus: "Alipay+     (inquiryUserInfo, applyToken)",
};

/** One line per emulator for the start-up banner: what it emulates, where, and where its stats are. */
export function describeEmulators(urls: RunningEmulators["urls"]): string[] {
  return (Object.keys(urls) as (keyof SourceEmulators)[]).map(
    (name) => `  ${EMULATED_ENDPOINTS[name]}: ${urls[name]}  (stats: ${urls[name]}/__stats)`,
  );
}
