import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, type AppConfig } from "../config.js";
import { describeEmulators, startSandboxEmulators, type RunningEmulators } from "./start.js";

/**
 * The variables that point a service (this one with SANDBOX=false, or another deployment of it) at the running
 * emulators. The wallet keys of this run go to files beside the env file: they exist nowhere else.
 */
function emulatorEnvironment(config: AppConfig, folder: string): string {
  const { tencentIm: im, quectel, oneAccess, alipayPlus } = config.sources;
  if (!im || !quectel || !oneAccess || !alipayPlus) throw new Error("sandbox config without every source");
  const privateKeyFile = join(folder, "alipay-plus-merchant-private.pem");
  const walletKeyFile = join(folder, "alipay-plus-wallet-public.pem");
  writeFileSync(privateKeyFile, alipayPlus.privateKey.export({ type: "pkcs8", format: "pem" }), {
    mode: 0o600,
  });
  writeFileSync(walletKeyFile, alipayPlus.walletPublicKey.export({ type: "spki", format: "pem" }));
  return [
    "SANDBOX=false",
    `TENCENT_IM_SDKAPPID=${im.sdkAppId}`,
    `TENCENT_IM_SECRET_KEY=${im.secretKey}`,
    `TENCENT_IM_BASE_URL=${im.baseUrl}`,
    `TENCENT_IM_CUSTOM_TAGS=${im.customTags.join(",")}`,
    `QUECTEL_ACCESS_KEY=${quectel.accessKey}`,
    `QUECTEL_ACCESS_SECRET=${quectel.accessSecret}`,
    `QUECTEL_BASE_URL=${quectel.baseUrl}`,
    `ONEACCESS_BASE_URL=${oneAccess.baseUrl}`,
    `ONEACCESS_CLIENT_ID=${oneAccess.clientId}`,
    `ALIPAY_PLUS_BASE_URL=${alipayPlus.baseUrl}`,
    `ALIPAY_PLUS_CLIENT_ID=${alipayPlus.clientId}`,
    `ALIPAY_PLUS_PRIVATE_KEY=${privateKeyFile}`,
    `ALIPAY_PLUS_WALLET_PUBLIC_KEY=${walletKeyFile}`,
    "",
  ].join("\n");
}

/** `npm run emulators`: the sandbox emulators alone, for a frontend or another deployment to use. */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, SANDBOX: "true" });
  // Handlers first: a signal that came before them would end the process without any clean-up.
  const running: { emulators?: RunningEmulators } = {};
  const stop = () => void (running.emulators?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, stop);

  const emulators = (running.emulators = await startSandboxEmulators(config.sandbox!));
  const folder = mkdtempSync(join(tmpdir(), "profile-emulators-"));
  // The folder holds this run's merchant private key: it goes when the process goes, however it ends.
  process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
  const envFile = join(folder, "emulators.env");
  writeFileSync(envFile, emulatorEnvironment(config, folder), { mode: 0o600 });
  process.stdout.write(
    [
      "Emulators running with the sandbox credentials (SANDBOX_* in each src/providers/<name>/config.ts):",
      ...describeEmulators(emulators.urls),
      `The variables that point the service at them (sandbox values only): ${envFile}`,
      `  e.g. set -a; . ${envFile}; set +a; npm start`,
      "The folder is removed when this process stops (Ctrl-C).",
    ].join("\n") + "\n",
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
