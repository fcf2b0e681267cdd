import { Worker } from "node:worker_threads";

/** What a closed-loop load run saw. */
export interface LoadResult {
  requests: number;
  durationMs: number;
  /** Latency of every request (but each client's first with `steadyOnly`), milliseconds, sorted. */
  latencies: number[];
  /** How many answers carried each error code (extensions.code of the first error), and "none". */
  codes: Record<string, number>;
  /** Answers that were neither data nor a GraphQL error (transport failures, non-JSON). */
  broken: number;
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * `clients` loops, each sending one GraphQL request, waiting for its answer and sending the next, for
 * `durationMs`: the way a crowd of frontends behaves. `{client}` and `{sequence}` in the variables' strings are
 * replaced per request. The loops run in a worker thread; only loopback addresses are targeted, and the run stops
 * by itself.
 */
export async function closedLoop(options: {
  /** One URL, or several (a fleet of replicas): client i sends to urls[i % urls.length]. */
  url: string | string[];
  clients: number;
  durationMs: number;
  query: string;
  variables: Record<string, unknown>;
  /** A JSON body to send instead of `{ query, variables }` (an upstream's own API), with the same placeholders. */
  body?: Record<string, unknown>;
  /** Leaves each client's first request, which opens its connection, out of the latencies. */
  steadyOnly?: boolean;
}): Promise<LoadResult> {
  const urls = Array.isArray(options.url) ? options.url : [options.url];
  for (const url of urls) {
    const { hostname } = new URL(url);
    if (!["127.0.0.1", "localhost", "[::1]"].includes(hostname)) {
      throw new Error(`load runs only against this machine, not ${hostname}`);
    }
  }
  const worker = new Worker(new URL("./load-worker.mjs", import.meta.url), {
    workerData: {
      urls,
      clients: options.clients,
      durationMs: options.durationMs,
      bodies: options.body ?? { query: options.query, variables: options.variables },
      steadyOnly: options.steadyOnly ?? false,
    },
  });
  const result = await new Promise<LoadResult & { opening: number }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  await worker.terminate();
  result.latencies.sort((a, b) => a - b);
  const { opening: _opening, ...seen } = result;
  return seen;
}
