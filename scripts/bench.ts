import "reflect-metadata";
import axios from "axios";
import { TencentImEmulator } from "../src/emulators/tencent-im/emulator.js";
import { silentLogger } from "../src/logger.js";
import { parseProfilePrecedence } from "../src/profile/fields.js";
import { PORTRAIT_GET_PATH, TencentImClient } from "../src/providers/tencent-im/client.js";
import { UserSigCache } from "../src/providers/tencent-im/user-sig.js";
import { createServer } from "../src/server.js";
import type { AppConfig } from "../src/config.js";

/**
 * `npm run bench`: what batching buys. The same 250 users' IM profiles, fetched (a) in one `users(ids:)` request,
 * where the loader batches them 100 per portrait_get call, and (b) as 250 `user(id:)` requests of 10 at a time, as
 * a frontend without this service's batching would. The emulator adds the same latency to every call. Results are
 * ratios measured in one run (this machine is shared), with the call counts from the emulator.
 */
const USERS = 250;
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
const client = new TencentImClient({
  ...im,
  baseUrl: imUrl,
  customTags: ["Tag_Profile_Custom_Test"],
  maxCallsPerSecond: 200,
  userSig: new UserSigCache({ ...im, identifier: im.adminIdentifier }),
});
const config = {
  port: 0,
  production: true,
  logLevel: "silent",
  maxUsersPerRequest: 1000,
  viewerIdHeader: "x-user-id",
  profilePrecedence: parseProfilePrecedence(undefined).precedence,
  sandbox: null,
} as AppConfig;
const server = await createServer(config, {
  logger: silentLogger,
  clients: { tencentIm: client, quectel: null, oneAccess: null, alipayPlus: null },
});
const url = await server.listen(0, "127.0.0.1");
const ids = Array.from({ length: USERS }, (_, i) => `u${i + 1}`);
const post = (query: string, variables: object) => axios.post(url, { query, variables });

async function measure(run: () => Promise<void>): Promise<{ ms: number; calls: number }> {
  emulator.stats.reset();
  const started = performance.now();
  await run();
  return { ms: performance.now() - started, calls: emulator.stats.get(PORTRAIT_GET_PATH).calls };
}

const batched = () =>
  measure(async () => {
    await post("query ($ids: [ID!]!) { users(ids: $ids) { id tencentIm { nick } } }", { ids });
  });
const oneByOne = () =>
  measure(async () => {
    for (let start = 0; start < ids.length; start += 10) {
      await Promise.all(
        ids
          .slice(start, start + 10)
          .map((id) => post("query ($id: ID!) { user(id: $id) { tencentIm { nick } } }", { id })),
      );
    }
  });

await batched(); // warm-up: UserSig, keep-alive connections, JIT
await oneByOne();
const ratios: number[] = [];
let last = { batched: { ms: 0, calls: 0 }, oneByOne: { ms: 0, calls: 0 } };
for (let round = 0; round < ROUNDS; round++) {
  last = { batched: await batched(), oneByOne: await oneByOne() };
  ratios.push(last.oneByOne.ms / last.batched.ms);
}
ratios.sort((a, b) => a - b);
process.stdout.write(
  [
    `IM profiles of ${USERS} users, ${LATENCY_MS} ms emulator latency, ${ROUNDS} rounds`,
    `  one users(ids:) request: ${last.batched.calls} portrait_get calls, ${last.batched.ms.toFixed(0)} ms (last round)`,
    `  ${USERS} user(id:) requests: ${last.oneByOne.calls} portrait_get calls, ${last.oneByOne.ms.toFixed(0)} ms (last round)`,
    `  time ratio one-by-one / batched: median ${ratios[Math.floor(ratios.length / 2)]!.toFixed(1)}x ` +
      `(min ${ratios[0]!.toFixed(1)}x, max ${ratios[ratios.length - 1]!.toFixed(1)}x)`,
    `  call ratio: ${(last.oneByOne.calls / last.batched.calls).toFixed(1)}x`,
  ].join("\n") + "\n",
);
await server.stop();
await emulator.close();
