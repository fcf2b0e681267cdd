import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, startProcess } from "../support/process.js";

/** Runs `npm run emulators`'s entry point with its own temporary folder, and stops it with `signal`. */
async function runAndStop(signal: NodeJS.Signals) {
  const temp = mkdtempSync(join(tmpdir(), "emulators-cli-test-"));
  const ports = await Promise.all(Array.from({ length: 4 }, () => freePort()));
  const cli = startProcess(
    {
      TMPDIR: temp,
      TENCENT_IM_EMULATOR_PORT: String(ports[0]),
      QUECTEL_EMULATOR_PORT: String(ports[1]),
      ONEACCESS_EMULATOR_PORT: String(ports[2]),
      ALIPAY_PLUS_EMULATOR_PORT: String(ports[3]),
    },
    "src/sandbox/cli.ts",
  );
  try {
    await cli.waitFor("e.g. set -a;");
    const envFile = /point the service at them \(sandbox values only\): (\S+)/.exec(cli.output())?.[1];
    expect(envFile?.startsWith(temp)).toBe(true);
    const folder = join(envFile!, "..");
    expect(readFileSync(envFile!, "utf8")).toMatch(/^ALIPAY_PLUS_PRIVATE_KEY=\S+\.pem$/m);
    expect(readdirSync(folder).sort()).toEqual([
      "alipay-plus-merchant-private.pem",
      "alipay-plus-wallet-public.pem",
      "emulators.env",
    ]);
    cli.child.kill(signal);
    expect(await cli.exited).toBe(0);
    // (tsx keeps its own cache in TMPDIR.)
    return { folder, left: readdirSync(temp).filter((name) => name.startsWith("profile-emulators-")) };
  } finally {
    cli.kill();
    rmSync(temp, { recursive: true, force: true });
  }
}

describe("npm run emulators", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`removes its temporary folder, with the private key in it, on ${signal}`, async () => {
      const { folder, left } = await runAndStop(signal);
      expect(existsSync(folder)).toBe(false);
      expect(left).toEqual([]);
    });
  }
});
