import "reflect-metadata";
import { ConfigError, loadConfig, type AppConfig } from "./config.js";
import { createLogger } from "./logger.js";
import type { RunningEmulators } from "./sandbox/start.js";
import { createServer } from "./server.js";
import {
  SANDBOX_SAMPLE_OPERATIONS,
  SANDBOX_SAMPLE_VARIABLES,
  SANDBOX_VIEWER_HEADERS,
} from "./schema/sandbox-sample.js";

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

  // The sandbox wing is loaded only in sandbox mode: a deployment with credentials never loads an emulator.
  const sandbox = config.sandbox ? await import("./sandbox/start.js") : undefined;
  let emulators: RunningEmulators | undefined;
  if (sandbox && config.sandbox) emulators = await sandbox.startSandboxEmulators(config.sandbox);

  const server = await createServer(config, { logger });
  const url = await server.listen(config.port);

  const lines = [`Profile subgraph ready at ${url}`];
  if (sandbox && emulators) {
    lines.push(
      "Sandbox mode: no provider credentials are configured, so the providers are the embedded emulators.",
      ...sandbox.describeEmulators(emulators.urls),
      `Open ${url} in a browser for Apollo Sandbox: it opens with these operations, signed in as u3.`,
      "(Offline it cannot load and says so: use the web example, npm run web, or any GraphQL client.)",
      SANDBOX_SAMPLE_OPERATIONS,
      `Variables: ${JSON.stringify(SANDBOX_SAMPLE_VARIABLES)}`,
      `Headers (signed in as u3): ${JSON.stringify(SANDBOX_VIEWER_HEADERS)}`,
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
