import { ConfigError, loadConfig } from "../config.js";
import { describeEmulators, startSandboxEmulators } from "../sandbox.js";

/** `npm run emulators`: the sandbox emulators alone, for a frontend or another service to use. */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, SANDBOX: "true" });
  const emulators = await startSandboxEmulators(config.sandbox!);
  process.stdout.write(
    [
      "Emulators running with the sandbox credentials (src/emulators/sandbox-credentials.ts):",
      ...describeEmulators(emulators.urls),
    ].join("\n") + "\n",
  );
  const stop = () => void emulators.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
