import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Starts `src/index.ts` as a real process with `env`, waits until it says it is ready, stops it, and returns every
 * module URL it resolved on the way.
 */
async function modulesLoadedByStart(env: Record<string, string>): Promise<string[]> {
  const folder = mkdtempSync(join(tmpdir(), "profile-startup-"));
  const record = join(folder, "modules.txt");
  try {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", "./test/support/record-modules.mjs", "src/index.ts"],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          // tsx keeps its compile cache in the temp directory: this test's folder, removed afterwards.
          TMPDIR: folder,
          PORT: String(await freePort()),
          LOG_LEVEL: "silent",
          // Stop at once on SIGTERM (production's default keeps answering for 5 s).
          SHUTDOWN_DELAY_MS: "0",
          ...env,
          RECORD_MODULES_TO: record,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 15 s:\n${output}`)), 15_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Profile subgraph ready at")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on("data", read);
      child.stderr.on("data", read);
      child.once("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    child.removeAllListeners("exit");
    await new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
    return readFileSync(record, "utf8").split("\n").filter(Boolean);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe("start-up", () => {
  it("a production start with credentials loads no module of the sandbox wing", async () => {
    const modules = await modulesLoadedByStart({
      NODE_ENV: "production",
      TENCENT_IM_SDKAPPID: "1400123456",
      TENCENT_IM_SECRET_KEY: "a-real-looking-secret-key-0123456789",
      TENCENT_IM_BASE_URL: "http://127.0.0.1:9",
    });
    const own = modules.filter((url) => url.startsWith(`file://${ROOT}src/`));
    expect(own.some((url) => url.includes("/src/providers/tencent-im/client.ts"))).toBe(true);
    expect(own.filter((url) => url.includes("/src/sandbox/"))).toEqual([]);
  });

  it("a sandbox start loads the emulators (so the recorder sees what it must)", async () => {
    const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const modules = await modulesLoadedByStart({
      TENCENT_IM_EMULATOR_PORT: String(ports[0]),
      QUECTEL_EMULATOR_PORT: String(ports[1]),
      ONEACCESS_EMULATOR_PORT: String(ports[2]),
      ALIPAY_PLUS_EMULATOR_PORT: String(ports[3]),
    });
    expect(modules.some((url) => url.includes("/src/sandbox/emulators/tencent-im/emulator.ts"))).toBe(true);
  });
});
