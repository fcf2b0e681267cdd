import "reflect-metadata";
import axios from "axios";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/logger.js";
import { PORTRAIT_GET_PATH } from "../src/providers/tencent-im/client.js";
import { TencentImEmulator } from "../src/sandbox/emulators/tencent-im/emulator.js";
import { createServer } from "../src/server.js";

/**
 * `npm run bench`: what batching and coalescing buy, against the IM emulator with the same latency on every call.
 * 1. The IM profiles of 250 users: one `users(ids:)` request, versus 250 `user(id:)` requests 10 at a time (a
 *    frontend calling per user).
 * 2. 100 concurrent `user(id:)` requests: coalescing across requests off (window 0) versus on (default 2 ms).
 * Results are ratios measured in one run (these machines are shared), with call counts from the emulator.
 */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const im = {
  sdkAppId: 1400000009,
  secretKey: "bench-secret-key-0123456789abcdef",
  adminIdentifier: "administrator",
};

const emulator = new TencentImEmulator({ ...im, maxCallsPerSecond: 100_000 });
const imUrl = await emulator.listen(0);
emulator.faults.latencyMs = LATENCY_MS;

async function startService(coalesceWindowMs: number) {
  // The production wiring: the service reads its settings as from the environment and builds its own clients.
  const config = loadConfig({
    SANDBOX: "false",
    LOG_LEVEL: "silent",
    TENCENT_IM_SDKAPPID: String(im.sdkAppId),
    TENCENT_IM_SECRET_KEY: im.secretKey,
    TENCENT_IM_BASE_URL: imUrl,
    TENCENT_IM_CUSTOM_TAGS: "Test",
    TENCENT_IM_COALESCE_WINDOW_MS: String(coalesceWindowMs),
  });
  const server = await createServer({ ...config, port: 0, production: true }, { logger: silentLogger });
  const url = await server.listen(0, "127.0.0.1");
  const post = (query: string, variables: object) => axios.post(url, { query, variables });
  return { server, post };
}

const ids = (count: number) => Array.from({ length: count }, (_, i) => `u${i + 1}`);
const USER = "query ($id: ID!) { user(id: $id) { tencentIm { nick } } }";
const USERS = "query ($ids: [ID!]!) { users(ids: $ids) { id tencentIm { nick } } }";

async function measure(run: () => Promise<unknown>): Promise<{ ms: number; calls: number }> {
  emulator.stats.reset();
  const started = performance.now();
  await run();
  return { ms: performance.now() - started, calls: emulator.stats.get(PORTRAIT_GET_PATH).calls };
}

/** Runs both sides ROUNDS times, alternating, after one warm-up each; returns the last round and the ratios. */
async function compare(slow: () => Promise<unknown>, fast: () => Promise<unknown>) {
  await measure(slow);
  await measure(fast);
  const ratios: number[] = [];
  let last = { slow: { ms: 0, calls: 0 }, fast: { ms: 0, calls: 0 } };
  for (let round = 0; round < ROUNDS; round++) {
    last = { slow: await measure(slow), fast: await measure(fast) };
    ratios.push(last.slow.ms / last.fast.ms);
  }
  ratios.sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)]!;
  return {
    last,
    summary: `median ${median.toFixed(1)}x (min ${ratios[0]!.toFixed(1)}x, max ${ratios.at(-1)!.toFixed(1)}x)`,
  };
}

const coalesced = await startService(2);
const separate = await startService(0);

const batching = await compare(
  async () => {
    for (let start = 0; start < 250; start += 10) {
      await Promise.all(
        ids(250)
          .slice(start, start + 10)
          .map((id) => coalesced.post(USER, { id })),
      );
    }
  },
  () => coalesced.post(USERS, { ids: ids(250) }),
);
const coalescing = await compare(
  () => Promise.all(ids(100).map((id) => separate.post(USER, { id }))),
  () => Promise.all(ids(100).map((id) => coalesced.post(USER, { id }))),
);

const line = (label: string, result: { ms: number; calls: number }) =>
  `    ${label}: ${result.calls} portrait_get calls, ${result.ms.toFixed(0)} ms (last round)`;
process.stdout.write(
  [
    `IM emulator latency ${LATENCY_MS} ms, ${ROUNDS} rounds`,
    "1. 250 users' IM profiles",
    line("250 user(id:) requests, 10 at a time", batching.last.slow),
    line("one users(ids:) request            ", batching.last.fast),
    `    time ratio: ${batching.summary}; call ratio ${(batching.last.slow.calls / batching.last.fast.calls).toFixed(1)}x`,
    "2. 100 concurrent user(id:) requests",
    line("coalescing off (window 0)   ", coalescing.last.slow),
    line("coalescing on (window 2 ms) ", coalescing.last.fast),
    `    time ratio: ${coalescing.summary}; call ratio ${(coalescing.last.slow.calls / coalescing.last.fast.calls).toFixed(1)}x`,
  ].join("\n") + "\n",
);
await coalesced.server.stop();
await separate.server.stop();
await emulator.close();
