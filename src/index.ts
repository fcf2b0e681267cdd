import "reflect-metadata";
import { ConfigError, loadConfig, type AppConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { describeEmulators, startSandboxEmulators, type RunningEmulators } from "./sandbox.js";
import { createServer } from "./server.js";

const SAMPLE_QUERY = `query SandboxUsers {
  users(ids: ["u1", "u2", "u3000"]) {
    id
    tencentIm { nickname gender birthday avatarUrl customTags { tag value } }
    quectel { nickname email status registeredAt linkedAccounts { wechatUnionId alipayUserId } }
    profile { displayName { value source } email { value source } }
  }
}`;

/** Entry point: the only reader of process.env. Starts the emulators first in sandbox mode. */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });

  let emulators: RunningEmulators | undefined;
  if (config.sandbox) emulators = await startSandboxEmulators(config.sandbox);

  const server = await createServer(config, { logger });
  const url = await server.listen(config.port);

  const lines = [`Profile subgraph ready at ${url}`];
  if (emulators) {
    lines.push(
      "Sandbox mode: no provider credentials are configured, so the providers are the embedded emulators.",
      ...describeEmulators(emulators.urls),
      `Open ${url} in a browser for Apollo Sandbox, and try:`,
      SAMPLE_QUERY,
      "Signed in as u3 (add these headers): x-user-id: u3, x-oneaccess-session-token: oneaccess-session-u3,",
      "  x-operating-sys-version: web, x-device-fingerprint: sandbox, x-alipay-plus-access-token: alipay-token-u3",
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);

  const shutdown = async (signal: string) => {
    logger.info("shutting down", { signal });
    await server.stop();
    await emulators?.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
