import "reflect-metadata";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import axios from "axios";
import type * as ConfigModule from "../../src/config.js";
import type * as LoggerModule from "../../src/logger.js";
import type * as HttpModule from "../../src/providers/http.js";
import type * as ImClientModule from "../../src/providers/tencent-im/client.js";
import type * as ImEmulatorModule from "../../src/sandbox/emulators/tencent-im/emulator.js";
import type * as ServerModule from "../../src/server.js";
import type * as UserSigModule from "../../src/providers/tencent-im/user-sig.js";
import type * as TagsModule from "../../src/providers/tencent-im/tags.js";
import { scrape } from "../../test/support/prometheus.js";
import { closedLoop, percentile, type LoadResult } from "./load.js";
import { startBareServer } from "./bare-server.js";
import { endsWithThisProcess, startReplica } from "./replica.js";

/**
 * `npm run bench [scenario…]`: what the IM path buys and how it holds under load, against the IM emulator on
 * this machine. Scenarios (all by default):
 * - batching: the IM profiles of 250 users as one `users(ids:)` request versus 250 `user(id:)` requests 10 at a
 *   time (a frontend calling per user), 20 ms emulator latency; ratios over several rounds.
 * - budget: TENCENT_IM_MAX_CALLS_PER_SECOND=10, instant emulator, 50 clients each asking one distinct user per
 *   request for 10 s: accounts per call, calls/s at the emulator, requests/s, p50/p99.
 * - overload: a budget of 2 calls/s and 200 clients for 10 s: every answer within TENCENT_IM_MAX_QUEUE_WAIT_MS +
 *   250 ms, with data or SOURCE_RATE_LIMITED; calls/s at the emulator; RSS growth.
 * - overhead: bare Apollo Server 5 (`startStandaloneServer`, same graphql) as the baseline, alternating rounds:
 *   `{ __typename }` on both, and the one-user IM query on the service (instant emulator), each as a ratio of the
 *   bare `{ __typename }` rate, and the CPU each server's thread spent per request; the latency the service adds
 *   over a 50 ms emulator at 20 connections (its p50/p99 minus the emulator's asked directly, and each over a
 *   nominal 50 ms; each client's first request, which opens its connection, left out); heap per request in
 *   flight. Each server and the emulator run in a process of their own, as on machines of their own; the service
 *   is `dist/index.js` with NODE_ENV=production, as `npm start` runs it.
 * - transport: one upstream call by the providers' HTTP client (src/providers/http.ts, on undici), by axios with
 *   the same keep-alive and limits (the client before it), and by Node's http.request (the floor), against a local
 *   server answering a portrait_get-sized JSON body, 10 calls in flight: CPU per call of the bench's process (the
 *   server's share is the same for all three), alternating rounds, as ratios to the providers' client.
 * - fleet: 3 replicas as separate processes on one Redis (REDIS_URL, default 127.0.0.1:6379), a budget of 20 calls/s
 *   for the app, 150 one-user clients spread over them for 10 s: calls/s at the emulator in every window.
 * Time-based results are ratios or rates measured in one run (these machines are shared); call counts come from
 * the emulator. Traffic goes to 127.0.0.1 only, and every run stops by itself.
 */
// The service as production runs it: compiled by tsc into dist/ (`npm start` does the same). tsx's on-the-fly
// transform adds a helper call for every function made at run time, a cost production does not pay.
execFileSync("npm", ["run", "build", "--silent"], { cwd: fileURLToPath(new URL("../..", import.meta.url)) });
const compiled = <Module>(path: string) =>
  import(new URL(`../../dist/${path}`, import.meta.url).href) as Promise<Module>;
const { loadConfig } = await compiled<typeof ConfigModule>("config.js");
const { silentLogger } = await compiled<typeof LoggerModule>("logger.js");
const { PORTRAIT_GET_PATH } = await compiled<typeof ImClientModule>("providers/tencent-im/client.js");
const { TencentImEmulator } = await compiled<typeof ImEmulatorModule>(
  "sandbox/emulators/tencent-im/emulator.js",
);
const { createServer } = await compiled<typeof ServerModule>("server.js");
const { generateUserSig } = await compiled<typeof UserSigModule>("providers/tencent-im/user-sig.js");
const { STANDARD_TAG_NAMES } = await compiled<typeof TagsModule>("providers/tencent-im/tags.js");
const { createHttpClient } = await compiled<typeof HttpModule>("providers/http.js");

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LOAD_MS = Number(process.env.BENCH_LOAD_MS ?? 10_000);
const im = {
  sdkAppId: 1400000009,
  secretKey: "bench-secret-key-0123456789abcdef",
  adminIdentifier: "administrator",
};

const emulator = new TencentImEmulator({ ...im, maxCallsPerSecond: 100_000 });
const imUrl = await emulator.listen(0);

/** The service with the production wiring: settings read as from the environment, clients built by itself. */
async function startService(env: Record<string, string> = {}) {
  const config = loadConfig({
    SANDBOX: "false",
    LOG_LEVEL: "silent",
    TENCENT_IM_SDKAPPID: String(im.sdkAppId),
    TENCENT_IM_SECRET_KEY: im.secretKey,
    TENCENT_IM_BASE_URL: imUrl,
    TENCENT_IM_CUSTOM_TAGS: "Test",
    ...env,
  });
  const server = await createServer({ ...config, port: 0, production: true }, { logger: silentLogger });
  const url = await server.listen(0, "127.0.0.1");
  const post = (query: string, variables: object) => axios.post(url, { query, variables });
  return { server, url, post };
}

const ids = (count: number) => Array.from({ length: count }, (_, i) => `u${i + 1}`);
const USER = "query ($id: ID!) { user(id: $id) { tencentIm { nickname } } }";
const USERS = "query ($ids: [ID!]!) { users(ids: $ids) { id tencentIm { nickname } } }";
const out = (lines: string[]) => process.stdout.write(`${lines.join("\n")}\n`);

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

async function batching(): Promise<void> {
  emulator.faults.latencyMs = 20;
  const service = await startService();
  const result = await compare(
    async () => {
      for (let start = 0; start < 250; start += 10) {
        await Promise.all(
          ids(250)
            .slice(start, start + 10)
            .map((id) => service.post(USER, { id })),
        );
      }
    },
    () => service.post(USERS, { ids: ids(250) }),
  );
  await service.server.stop();
  const line = (label: string, measured: { ms: number; calls: number }) =>
    `    ${label}: ${measured.calls} portrait_get calls, ${measured.ms.toFixed(0)} ms (last round)`;
  out([
    `batching: 250 users' IM profiles, IM emulator latency 20 ms, ${ROUNDS} rounds`,
    line("250 user(id:) requests, 10 at a time", result.last.slow),
    line("one users(ids:) request            ", result.last.fast),
    `    time ratio: ${result.summary}; call ratio ${(result.last.slow.calls / result.last.fast.calls).toFixed(1)}x`,
  ]);
}

/** Closed-loop load of one-user requests, each client asking a user no other client asks. */
async function oneUserLoad(env: Record<string, string>, clients: number) {
  emulator.faults.latencyMs = 0;
  emulator.stats.reset();
  const service = await startService(env);
  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();
  const load = await closedLoop({
    url: service.url,
    clients,
    durationMs: LOAD_MS,
    query: USER,
    variables: { id: "c{client}-{sequence}" },
  });
  const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  await service.server.stop();
  const stats = emulator.stats.get(PORTRAIT_GET_PATH);
  // Every one-second window after the first second, wherever it starts.
  const peakCallsPerSecond = emulator.stats.maxCallsInWindow(PORTRAIT_GET_PATH, 1000, started + 1000);
  return { load, stats, rssGrowthMb, seconds: load.durationMs / 1000, peakCallsPerSecond };
}

const describeLoad = (load: LoadResult) =>
  `${(load.requests / (load.durationMs / 1000)).toFixed(0)} requests/s, p50 ${percentile(load.latencies, 50).toFixed(0)} ms, ` +
  `p99 ${percentile(load.latencies, 99).toFixed(0)} ms, max ${load.latencies.at(-1)?.toFixed(0)} ms`;

async function budget(): Promise<void> {
  const run = await oneUserLoad({ TENCENT_IM_MAX_CALLS_PER_SECOND: "10" }, 50);
  out([
    `budget: 10 calls/s, instant emulator, 50 clients of one distinct user each, ${run.seconds.toFixed(0)} s`,
    `    ${describeLoad(run.load)}`,
    `    ${run.stats.calls} portrait_get calls: ${(run.stats.accounts / run.stats.calls).toFixed(1)} accounts per call, ` +
      `${(run.stats.calls / run.seconds).toFixed(2)} calls/s on average, at most ${run.peakCallsPerSecond} in any 1 s window`,
    `    answers by error code: ${JSON.stringify(run.load.codes)}`,
  ]);
}

async function overload(): Promise<void> {
  const maxQueueWaitMs = 1000;
  const run = await oneUserLoad(
    { TENCENT_IM_MAX_CALLS_PER_SECOND: "2", TENCENT_IM_MAX_QUEUE_WAIT_MS: String(maxQueueWaitMs) },
    200,
  );
  const late = run.load.latencies.filter((ms) => ms > maxQueueWaitMs + 250).length;
  out([
    `overload: 2 calls/s, 200 clients, ${run.seconds.toFixed(0)} s`,
    `    ${describeLoad(run.load)}`,
    `    answers by error code: ${JSON.stringify(run.load.codes)}; broken: ${run.load.broken}; ` +
      `later than ${maxQueueWaitMs + 250} ms: ${late}`,
    `    ${run.stats.calls} portrait_get calls, ${(run.stats.calls / run.seconds).toFixed(2)} calls/s on average, ` +
      `at most ${run.peakCallsPerSecond} in any 1 s window; RSS growth ${run.rssGrowthMb.toFixed(0)} MB`,
  ]);
}

async function fleet(): Promise<void> {
  emulator.faults.latencyMs = 0;
  emulator.stats.reset();
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const env = {
    SANDBOX: "false",
    LOG_LEVEL: "warn",
    REDIS_URL: redisUrl,
    TENCENT_IM_SDKAPPID: String(im.sdkAppId),
    TENCENT_IM_SECRET_KEY: im.secretKey,
    TENCENT_IM_BASE_URL: imUrl,
    TENCENT_IM_CUSTOM_TAGS: "Test",
    TENCENT_IM_MAX_CALLS_PER_SECOND: "20",
  };
  const replicas = await Promise.all([1, 2, 3].map(() => startReplica(env)));
  const started = Date.now();
  const load = await closedLoop({
    url: replicas.map((replica) => replica.url),
    clients: 150,
    durationMs: LOAD_MS,
    query: USER,
    variables: { id: "c{client}-{sequence}" },
  });
  await Promise.all(replicas.map((replica) => replica.stop()));
  const stats = emulator.stats.get(PORTRAIT_GET_PATH);
  const seconds = load.durationMs / 1000;
  out([
    `fleet: 3 replicas (separate processes) on one Redis, 20 calls/s for the app, 150 clients, ${seconds.toFixed(0)} s`,
    `    ${describeLoad(load)}`,
    `    ${stats.calls} portrait_get calls: ${(stats.accounts / stats.calls).toFixed(1)} accounts per call, ` +
      `${(stats.calls / seconds).toFixed(2)} calls/s on average, at most ` +
      `${emulator.stats.maxCallsInWindow(PORTRAIT_GET_PATH, 1000, started + 1000)} in any 1 s window after the first`,
    `    answers by error code: ${JSON.stringify(load.codes)}; broken: ${load.broken}`,
  ]);
}

const TYPENAME = "{ __typename }";
const OVERHEAD_ROUND_MS = Number(process.env.BENCH_OVERHEAD_ROUND_MS ?? 3000);

const rate = (load: LoadResult) => load.requests / (load.durationMs / 1000);

/** Linux's clock ticks per second, the unit of /proc's CPU times. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time spent so far by the main thread of process `pid` (a server under test; the load generator is a worker
 * thread of this process, the IM emulator another process), in ms, from /proc (Linux). Less sensitive than a
 * rate to other work on a shared machine: time the thread waits for a core is not counted.
 */
function mainThreadCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * A process of its own that prints its URL on its first line and ends when its stdin closes (the bare server, the
 * IM emulator): as on a machine of its own, its work and timers do not share the bench's event loop.
 */
async function startChildProcess(label: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  endsWithThisProcess(child);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the ${label} process did not start within 20 s`));
    }, 20_000);
    createInterface({ input: child.stdout! }).once("line", (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${label} process ended (${code})`));
    });
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.stdin!.end();
      }),
  };
}

/**
 * Bare Apollo Server 5 standalone as a process of its own (scripts/bench/bare-server.ts), like the service it is
 * compared with: two servers in one process would share V8's feedback on the code they both run (graphql-js, Apollo
 * Server, the body parser), which production never does.
 */
const startBareProcess = (latencyMs = 0) =>
  startChildProcess("bare server", ["--import", "tsx", "scripts/bench/bare-server.ts"], {
    NODE_ENV: "production",
    BENCH_BARE_LATENCY_MS: String(latencyMs),
  });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[]) =>
  `median ${median(values).toFixed(2)}x (min ${Math.min(...values).toFixed(2)}x, max ${Math.max(...values).toFixed(2)}x)`;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Heap of this process (the servers; the load generator has its own) while `clients` requests are in flight. */
async function heapPerRequestInFlight(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  clients: number,
) {
  gc();
  const before = process.memoryUsage().heapUsed;
  const load = closedLoop({ url, clients, durationMs: 1500, query, variables });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  gc();
  const during = process.memoryUsage().heapUsed;
  await load;
  return (during - before) / clients;
}

/** The IM emulator in a process of its own (scripts/bench/im-emulator.ts). */
async function startEmulatorProcess() {
  const child = await startChildProcess("IM emulator", ["--import", "tsx", "scripts/bench/im-emulator.ts"], {
    BENCH_IM_SDKAPPID: String(im.sdkAppId),
    BENCH_IM_SECRET_KEY: im.secretKey,
  });
  return {
    ...child,
    latency: (latencyMs: number) => axios.post(`${child.url}/__faults`, { latencyMs }),
    /** portrait_get with the admin's UserSig in its query, for a client asking the emulator itself. */
    portraitGetUrl: `${child.url}${PORTRAIT_GET_PATH}?${new URLSearchParams({
      sdkappid: String(im.sdkAppId),
      identifier: "administrator",
      usersig: generateUserSig({
        sdkAppId: im.sdkAppId,
        secretKey: im.secretKey,
        identifier: "administrator",
        expireSeconds: 86_400,
        time: Math.floor(Date.now() / 1000),
      }),
      random: "1",
      contenttype: "json",
    }).toString()}`,
  };
}

async function overhead(): Promise<void> {
  const upstream = await startEmulatorProcess();
  const bare = await startBareProcess();
  // An IM budget that is not the bottleneck: waiting for the budget is the budget's cost, not overhead.
  const imCallsPerSecond = process.env.BENCH_IM_CALLS_PER_SECOND ?? "1000";
  const serviceEnv = {
    TENCENT_IM_MAX_CALLS_PER_SECOND: imCallsPerSecond,
    TENCENT_IM_BASE_URL: upstream.url,
  };
  // The service as `npm start` runs it in production (compiled, NODE_ENV=production), in a process of its own.
  const service = await startReplica(
    {
      NODE_ENV: "production",
      SANDBOX: "false",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      // Stopped at once when the scenario ends (production's default waits 5 s for a load balancer).
      SHUTDOWN_DELAY_MS: "0",
      TENCENT_IM_SDKAPPID: String(im.sdkAppId),
      TENCENT_IM_SECRET_KEY: im.secretKey,
      TENCENT_IM_CUSTOM_TAGS: "Test",
      ...serviceEnv,
    },
    20_000,
    { compiled: true },
  );
  const oneUser = { id: "c{client}-{sequence}" };
  const run = (
    url: string,
    query: string,
    variables: Record<string, unknown>,
    clients = 50,
    durationMs = OVERHEAD_ROUND_MS,
  ) => closedLoop({ url, clients, durationMs, query, variables, steadyOnly: true });
  /** A run, with the CPU time the server's main thread spent per request (µs) next to the rate. */
  const measured = async (
    server: { url: string; pid: number },
    query: string,
    variables: Record<string, unknown>,
  ) => {
    const before = mainThreadCpuMs(server.pid);
    const load = await run(server.url, query, variables);
    const after = mainThreadCpuMs(server.pid);
    return { rate: rate(load), load, cpuUs: ((after - before) * 1000) / load.requests };
  };
  // Warm-up: JIT, connections, the IM credential.
  await run(bare.url, TYPENAME, {}, 50, 1000);
  await run(service.url, TYPENAME, {}, 50, 1000);
  await run(service.url, USER, oneUser, 50, 1000);
  const typenameRatios: number[] = [];
  const imRatios: number[] = [];
  const typenameCpuRatios: number[] = [];
  const imCpuRatios: number[] = [];
  let last = { bare: 0, typename: 0, im: 0, bareCpu: 0, typenameCpu: 0, imCpu: 0 };
  const imCodes: Record<string, number> = {};
  for (let round = 0; round < ROUNDS; round++) {
    const bareBefore = await measured(bare, TYPENAME, {});
    const typename = await measured(service, TYPENAME, {});
    const im = await measured(service, USER, oneUser);
    for (const [code, count] of Object.entries(im.load.codes)) imCodes[code] = (imCodes[code] ?? 0) + count;
    const bareAfter = await measured(bare, TYPENAME, {});
    // Each side against the mean of the bare rounds on either side of it.
    const baseline = (bareBefore.rate + bareAfter.rate) / 2;
    const baselineCpu = (bareBefore.cpuUs + bareAfter.cpuUs) / 2;
    typenameRatios.push(typename.rate / baseline);
    imRatios.push(im.rate / baseline);
    typenameCpuRatios.push(baselineCpu / typename.cpuUs);
    imCpuRatios.push(baselineCpu / im.cpuUs);
    last = {
      bare: baseline,
      typename: typename.rate,
      im: im.rate,
      bareCpu: baselineCpu,
      typenameCpu: typename.cpuUs,
      imCpu: im.cpuUs,
    };
  }
  await bare.stop();

  // Latency over a 50 ms upstream, 20 connections: the service against the emulator, bare against a 50 ms timer.
  await upstream.latency(50);
  const slowBare = await startBareProcess(50);
  const added = (load: LoadResult, p: number) => percentile(load.latencies, p) - 50;
  await run(service.url, USER, oneUser, 20, 1000);
  // The same upstream asked directly by the load generator, one account per call with the service's tags: what a
  // 50 ms emulator in another process costs by itself on this machine (its own work, the hop), not the service's.
  const direct = () =>
    closedLoop({
      url: upstream.portraitGetUrl,
      clients: 20,
      durationMs: OVERHEAD_ROUND_MS,
      query: "",
      variables: {},
      steadyOnly: true,
      body: {
        To_Account: ["d{client}-{sequence}"],
        TagList: [...STANDARD_TAG_NAMES, "Tag_Profile_Custom_Test"],
      },
    });
  /**
   * The service's own account of its time (its metrics' sums and counts so far): GraphQL requests, IM calls from
   * sending to the whole answer (the emulator and the hop), how long each call's oldest lookup waited to leave.
   */
  const inside = async () => {
    const metrics = await scrape(service.url);
    const value = (name: string, labels: Record<string, string> = {}) => metrics.value(name, labels) ?? 0;
    const im = { source: "tencentIm" };
    const call = { ...im, operation: "portrait_get" };
    return {
      requests: value("profile_graphql_request_duration_seconds_count"),
      requestSeconds: value("profile_graphql_request_duration_seconds_sum"),
      calls: value("profile_upstream_call_duration_seconds_count", call),
      callSeconds: value("profile_upstream_call_duration_seconds_sum", call),
      waitSeconds: value("profile_budget_wait_seconds_sum", im),
      accounts: value("profile_upstream_batch_size_sum", im),
    };
  };
  type Inside = Awaited<ReturnType<typeof inside>>;
  const during: Inside = {
    requests: 0,
    requestSeconds: 0,
    calls: 0,
    callSeconds: 0,
    waitSeconds: 0,
    accounts: 0,
  };
  const latencyRuns: { service: LoadResult; bare: LoadResult; direct: LoadResult }[] = [];
  for (let round = 0; round < Math.max(2, Math.ceil(ROUNDS / 2)); round++) {
    const before = await inside();
    const serviceRun = await run(service.url, USER, oneUser, 20);
    const after = await inside();
    for (const key of Object.keys(during) as (keyof Inside)[]) during[key] += after[key] - before[key];
    latencyRuns.push({
      service: serviceRun,
      bare: await run(slowBare.url, "{ hello }", {}, 20),
      direct: await direct(),
    });
  }
  const meanMs = (seconds: number, count: number) => (count === 0 ? NaN : (seconds * 1000) / count);
  const requestMs = meanMs(during.requestSeconds, during.requests);
  const callMs = meanMs(during.callSeconds, during.calls);
  const p50 = median(latencyRuns.map((r) => added(r.service, 50)));
  const p99 = median(latencyRuns.map((r) => added(r.service, 99)));
  const bareP50 = median(latencyRuns.map((r) => added(r.bare, 50)));
  const bareP99 = median(latencyRuns.map((r) => added(r.bare, 99)));
  const directP50 = median(latencyRuns.map((r) => added(r.direct, 50)));
  const directP99 = median(latencyRuns.map((r) => added(r.direct, 99)));
  const overDirect = (p: number) =>
    median(latencyRuns.map((r) => percentile(r.service.latencies, p) - percentile(r.direct.latencies, p)));

  // Heap per request in flight: 200 one-user requests held 1.5 s by a slow emulator, against bare's slow field;
  // both servers in this process, whose heap the measurement reads after a forced GC.
  await Promise.all([slowBare.stop(), service.stop()]);
  await upstream.latency(1500);
  const slowerBare = await startBareServer(1500);
  const inProcess = await startService(serviceEnv);
  const serviceHeap = await heapPerRequestInFlight(inProcess.url, USER, oneUser, 200);
  const bareHeap = await heapPerRequestInFlight(slowerBare.url, "{ hello }", {}, 200);
  await Promise.all([slowerBare.stop(), inProcess.server.stop()]);
  await upstream.stop();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  out([
    `overhead: bare Apollo Server 5 standalone as the baseline, each server a process of its own, 50 clients, ` +
      `${ROUNDS} alternating rounds of ${OVERHEAD_ROUND_MS / 1000} s`,
    `    bare { __typename }                 : ${last.bare.toFixed(0)} requests/s (last round)`,
    `    service { __typename }              : ${last.typename.toFixed(0)} requests/s; ratio ${spread(typenameRatios)}`,
    `    service one-user IM, instant emulator: ${last.im.toFixed(0)} requests/s; ratio ${spread(imRatios)}; ` +
      `answers ${JSON.stringify(imCodes)}`,
    `    CPU of each server's main thread per request (last round): bare ${last.bareCpu.toFixed(0)} µs, ` +
      `service { __typename } ${last.typenameCpu.toFixed(0)} µs, one-user IM ${last.imCpu.toFixed(0)} µs`,
    `    bare's CPU per request over the service's: { __typename } ${spread(typenameCpuRatios)}; ` +
      `one-user IM ${spread(imCpuRatios)}`,
    `    latency the service adds over its 50 ms upstream, 20 clients, IM budget ${imCallsPerSecond} calls/s ` +
      `(its latency minus the emulator's, asked directly by the same load generator): ` +
      `p50 ${overDirect(50).toFixed(1)} ms, p99 ${overDirect(99).toFixed(1)} ms`,
    `    over a nominal 50 ms: the service p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; the emulator asked ` +
      `directly p50 ${directP50.toFixed(1)} ms, p99 ${directP99.toFixed(1)} ms; bare over a 50 ms timer ` +
      `p50 ${bareP50.toFixed(1)} ms, p99 ${bareP99.toFixed(1)} ms`,
    `    inside the service in those runs (its metrics, means): a request ${requestMs.toFixed(1)} ms, its IM call ` +
      `${callMs.toFixed(1)} ms from sending to the whole answer (the emulator and the hop), so ` +
      `${(requestMs - callMs).toFixed(1)} ms its own, of which waiting to leave ` +
      `${meanMs(during.waitSeconds, during.calls).toFixed(1)} ms (a call's oldest lookup; ` +
      `${(during.accounts / during.calls).toFixed(1)} accounts per call)`,
    `    heap per request in flight (200 held 1.5 s): service ${kb(serviceHeap)}, bare ${kb(bareHeap)}`,
  ]);
}

async function transport(): Promise<void> {
  const answer = JSON.stringify({
    ActionStatus: "OK",
    ErrorCode: 0,
    UserProfileItem: ids(10).map((id) => ({ To_Account: id, ProfileItem: [], ResultCode: 0 })),
  });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const body = { To_Account: ids(10), TagList: STANDARD_TAG_NAMES };
  const path = `${PORTRAIT_GET_PATH}?sdkappid=1&random=1`;
  const ours = createHttpClient({ baseUrl: base, timeoutMs: 5000 });
  const viaAxios = axios.create({
    baseURL: base,
    timeout: 5000,
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    validateStatus: () => true,
    maxContentLength: 1_048_576,
    maxRedirects: 0,
    proxy: false,
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const raw = () =>
    new Promise<unknown>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const request = http.request(
        `${base}${path}`,
        { method: "POST", agent, headers: { "content-type": "application/json" } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(payload);
    });
  const clients: Record<string, () => Promise<unknown>> = {
    "providers' client (undici)": () => ours.post(path, body),
    "axios, same keep-alive and limits": () => viaAxios.post(path, body),
    "Node's http.request": raw,
  };
  const CALLS = 3000;
  const cpuPerCall = async (call: () => Promise<unknown>) => {
    const before = process.cpuUsage();
    for (let sent = 0; sent < CALLS; sent += 10) await Promise.all(Array.from({ length: 10 }, call));
    const used = process.cpuUsage(before);
    return (used.user + used.system) / CALLS;
  };
  const names = Object.keys(clients);
  for (const name of names) await cpuPerCall(clients[name]!);
  const costs: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names)
      costs[name]!.push(await cpuPerCall(clients[name]!));
  }
  server.close();
  agent.destroy();
  const reference = costs[names[0]!]!;
  out([
    `transport: one portrait_get-sized call, 10 in flight, ${ROUNDS} alternating rounds of ${CALLS} calls; CPU per call of client and server in one process`,
    ...names.map(
      (name) =>
        `    ${name.padEnd(36)}: ${median(costs[name]!).toFixed(0)} µs; over the providers' client ` +
        spread(costs[name]!.map((cost, round) => cost / reference[round]!)),
    ),
  ]);
}

const SCENARIOS: Record<string, () => Promise<void>> = {
  batching,
  budget,
  overload,
  fleet,
  overhead,
  transport,
};
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(SCENARIOS);
for (const name of chosen) {
  const scenario = SCENARIOS[name];
  if (!scenario)
    throw new Error(`unknown scenario ${name} (scenarios: ${Object.keys(SCENARIOS).join(", ")})`);
  await scenario();
}
await emulator.close();
