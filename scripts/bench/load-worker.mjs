// The load generator's loop, in a worker thread of its own so that sending and timing requests does not slow the
// service's event loop (which would skew what the service and the emulator measure). See load.ts.
import { parentPort, workerData } from "node:worker_threads";

const { urls, clients, durationMs, bodies } = workerData;
const latencies = [];
const codes = {};
let broken = 0;
const started = performance.now();
const stopAt = started + durationMs;
await Promise.all(
  Array.from({ length: clients }, async (_, client) => {
    const url = urls[client % urls.length];
    for (let sequence = 0; performance.now() < stopAt; sequence++) {
      const body = JSON.stringify({
        query: bodies.query,
        variables: JSON.parse(
          JSON.stringify(bodies.variables)
            .replaceAll("{client}", String(client))
            .replaceAll("{sequence}", String(sequence)),
        ),
      });
      const sent = performance.now();
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        const answer = await response.json();
        latencies.push(performance.now() - sent);
        const code = answer.errors?.[0]?.extensions?.code ?? "none";
        codes[code] = (codes[code] ?? 0) + 1;
      } catch {
        broken++;
      }
    }
  }),
);
parentPort.postMessage({ latencies, codes, broken, durationMs: performance.now() - started });
