import "reflect-metadata";
import { ConfigError, loadConfig, type AppConfig } from "./config.js";
import { sleep } from "./domain/clock.js";
import { createLogger } from "./logger.js";
import { createServiceMetrics } from "./observability/metrics.js";
import { flushSpans } from "./observability/tracing.js";
import type { RunningEmulators } from "./sandbox/start.js";
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
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });

  // The sandbox wing is loaded only in sandbox mode: a deployment with credentials never loads an emulator.
  const sandbox = config.sandbox ? await import("./sandbox/start.js") : undefined;
  let emulators: RunningEmulators | undefined;
  if (sandbox && config.sandbox) emulators = await sandbox.startSandboxEmulators(config.sandbox);

  // Loaded once the configuration is known to be good, so that a refusal comes at once.
  const { createServer } = await import("./server.js");
  const server = await createServer(config, {
    logger,
    metrics: createServiceMetrics({ processMetrics: true }),
  });
  let url: string;
  try {
    url = await server.listen(config.port, config.host);
  } catch (error) {
    await emulators?.close();
    process.stderr.write(`${listenFailure(error, config)}\n`);
    process.exit(1);
  }

  /**
   * SIGTERM (Kubernetes, a process manager): /readyz fails at once, the service keeps answering for
   * SHUTDOWN_DELAY_MS so that the load balancer stops sending traffic first, then it stops listening and waits for
   * the requests in flight. SIGINT (Ctrl-C) skips the delay. Registered before the banner: whoever reads the banner
   * may signal at once, and a signal without a handler ends the process on the spot.
   */
  const shutdown = async (signal: NodeJS.Signals) => {
    server.drain();
    const delayMs = signal === "SIGTERM" ? config.shutdownDelayMs : 0;
    logger.info("shutting down", { signal, delayMs });
    if (delayMs > 0) await sleep(delayMs);
    await server.stop();
    await emulators?.close();
    await flushSpans();
    logger.info("stopped", { signal });
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  const lines = [`Profile subgraph ready at ${url}`];
  if (config.production && LOOPBACK.has(config.host)) {
    lines.push(
      `Listening on ${config.host} only: set HOST=0.0.0.0 for other machines (a container) to reach it.`,
    );
  }
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
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** One line that says what to change, instead of a stack trace, when the service cannot listen. */
function listenFailure(error: unknown, config: AppConfig): string {
  const where = `${config.host}:${config.port}`;
  switch ((error as NodeJS.ErrnoException).code) {
    case "EADDRINUSE":
      return `Cannot listen on ${where}: the port is already in use. Stop what listens there, or set PORT to a free port.`;
    case "EACCES":
      return `Cannot listen on ${where}: not allowed to use this port. Set PORT to 1024 or above.`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return `Cannot listen on ${where}: this machine has no such address. Set HOST to one of its addresses, 127.0.0.1 or 0.0.0.0.`;
    default:
      return `Cannot listen on ${where}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
