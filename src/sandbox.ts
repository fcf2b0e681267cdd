import type { SandboxConfig } from "./config.js";
import { SANDBOX_TENCENT_IM } from "./emulators/sandbox-credentials.js";
import { TencentImEmulator } from "./emulators/tencent-im/emulator.js";

export interface RunningEmulators {
  urls: { tencentIm: string };
  close(): Promise<void>;
}

/**
 * Starts every emulator with the sandbox credentials on the configured ports. The sandbox config the service
 * runs with points its providers at these same ports and credentials.
 */
export async function startSandboxEmulators(sandbox: SandboxConfig): Promise<RunningEmulators> {
  const tencentIm = new TencentImEmulator({
    sdkAppId: SANDBOX_TENCENT_IM.sdkAppId,
    secretKey: SANDBOX_TENCENT_IM.secretKey,
    adminIdentifier: SANDBOX_TENCENT_IM.adminIdentifier,
    customTags: [...SANDBOX_TENCENT_IM.customTags],
  });
  const urls = { tencentIm: await tencentIm.listen(sandbox.ports.tencentIm) };
  return {
    urls,
    async close() {
      await tencentIm.close();
    },
  };
}
