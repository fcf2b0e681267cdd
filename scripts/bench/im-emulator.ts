import type * as ImEmulatorModule from "../../src/sandbox/emulators/tencent-im/emulator.js";

/**
 * The IM emulator as a process of its own (`scripts/bench/index.ts overhead`): an upstream is another machine in
 * production, so its work and its timers must not share the service's event loop when the service's own cost is
 * measured. It shares this machine's cores all the same, so it runs compiled (dist/, which the bench builds
 * first), like the service: tsx's transform would make it spend more of them. Prints its URL on the first line;
 * `POST /__faults` sets its latency; ends when its parent closes stdin.
 */
const { TencentImEmulator } = (await import(
  new URL("../../dist/sandbox/emulators/tencent-im/emulator.js", import.meta.url).href
)) as typeof ImEmulatorModule;
const emulator = new TencentImEmulator({
  sdkAppId: Number(process.env.BENCH_IM_SDKAPPID),
  secretKey: process.env.BENCH_IM_SECRET_KEY!,
  adminIdentifier: "administrator",
  maxCallsPerSecond: 100_000,
});
const url = await emulator.listen(0, "127.0.0.1");
process.stdout.write(`${url}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void emulator.close().then(() => process.exit(0));
});
