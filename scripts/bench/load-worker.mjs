// The load generator's loop, in a worker thread of its own so that sending and timing requests does not slow the
// service's event loop (which would skew what the service and the emulator measure). See load.ts. autocannon,
// with one kept-alive connection per client (50 connections: 50 clients, each sending its next request when its
// answer is in): it writes requests from prepared buffers and parses answers with a lean parser, for about half
// the CPU per request of node:http's client. A generator that costs as much as the server it loads competes with it
// for the machine's cores and measures itself.
import autocannon from "autocannon";
import { parentPort, workerData } from "node:worker_threads";

const { urls, clients, durationMs, bodies, steadyOnly } = workerData;
const latencies = [];
// With steadyOnly, each client's first answer (the one that opened its connection) is counted but its latency left
// out: opening a connection is not the per-request cost being measured.
let opening = 0;
const codes = {};
// Requests sent and answered or failed; of them, those that failed below HTTP or were answered with something
// other than JSON.
let requests = 0;
let broken = 0;
const template = JSON.stringify(bodies);
const varying = template.includes("{client}") || template.includes("{sequence}");

/** Runs the clients i of [0, clients) with i % urls.length === index against urls[index]. */
function run(url, index) {
  const connections = Math.floor((clients - index - 1) / urls.length) + 1;
  let nextClient = index;
  const answered = new WeakSet();
  const instance = autocannon({
    url,
    connections,
    duration: durationMs / 1000,
    // Longer than any answer of the scenarios: a request still unanswered then is a broken one.
    timeout: 30,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: template,
    // Each connection is a client of its own: its number and its requests' sequence go into its bodies.
    setupClient(client) {
      const clientNumber = nextClient;
      nextClient += urls.length;
      let sequence = 0;
      const count = (status, body) => {
        let code;
        try {
          code = JSON.parse(body).errors?.[0]?.extensions?.code ?? "none";
        } catch {
          broken++;
          return;
        }
        codes[code] = (codes[code] ?? 0) + 1;
      };
      const request = { method: "POST", headers: { "content-type": "application/json" }, onResponse: count };
      client.setRequests([
        varying
          ? {
              ...request,
              setupRequest(next) {
                next.body = template
                  .replaceAll("{client}", String(clientNumber))
                  .replaceAll("{sequence}", String(sequence++));
                return next;
              },
            }
          : { ...request, body: template },
      ]);
    },
  });
  instance.on("response", (client, _status, _bytes, responseTime) => {
    requests++;
    if (steadyOnly && !answered.has(client)) {
      answered.add(client);
      opening++;
    } else latencies.push(responseTime);
  });
  // A request that failed below HTTP (refused, reset) or got no answer in time.
  instance.on("reqError", () => {
    requests++;
    broken++;
  });
  return instance;
}

const started = performance.now();
await Promise.all(urls.map(run));
parentPort.postMessage({
  latencies,
  opening,
  requests,
  codes,
  broken,
  durationMs: performance.now() - started,
});
