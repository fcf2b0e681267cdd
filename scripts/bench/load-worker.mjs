// The load generator's loop, in a worker thread of its own so that sending and timing requests does not slow the
// service's event loop (which would skew what the service and the emulator measure). See load.ts. Plain node:http
// with one kept-alive connection per client: fetch costs several times more per request, and a generator that is
// slower than the server under test measures itself.
import { Buffer } from "node:buffer";
import http from "node:http";
import { URL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";

const { urls, clients, durationMs, bodies, steadyOnly } = workerData;
const latencies = [];
// With steadyOnly, each client's first request (the one that opens its connection) is answered and counted but
// its latency left out: opening a connection is not the per-request cost being measured.
let opening = 0;
const codes = {};
let broken = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const template = JSON.stringify(bodies);
const varying = template.includes("{client}") || template.includes("{sequence}");

function post(url, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch (error) {
            reject(error);
          }
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

const started = performance.now();
const stopAt = started + durationMs;
await Promise.all(
  Array.from({ length: clients }, async (_, client) => {
    const url = new URL(urls[client % urls.length]);
    for (let sequence = 0; performance.now() < stopAt; sequence++) {
      const body = varying
        ? template.replaceAll("{client}", String(client)).replaceAll("{sequence}", String(sequence))
        : template;
      const sent = performance.now();
      try {
        const answer = await post(url, body);
        if (steadyOnly && sequence === 0) opening++;
        else latencies.push(performance.now() - sent);
        const code = answer.errors?.[0]?.extensions?.code ?? "none";
        codes[code] = (codes[code] ?? 0) + 1;
      } catch {
        broken++;
      }
    }
  }),
);
agent.destroy();
parentPort.postMessage({ latencies, opening, codes, broken, durationMs: performance.now() - started });
