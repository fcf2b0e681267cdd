import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

/**
 * Bare Apollo Server 5 standalone, the overhead scenario's baseline (scripts/bench/index.ts): a hello-world schema
 * and no plugin; `latencyMs` delays its one field. Listens on a free loopback port.
 */
export async function startBareServer(latencyMs = 0) {
  const server = new ApolloServer({
    typeDefs: "type Query { hello: String }",
    resolvers: { Query: { hello: () => (latencyMs > 0 ? sleep(latencyMs, "world") : "world") } },
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, stop: () => server.stop() };
}

// Run as a process of its own (like the service it is compared with): BENCH_BARE_LATENCY_MS delays the field; it
// prints its URL on the first line and ends when its parent closes stdin.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bare = await startBareServer(Number(process.env.BENCH_BARE_LATENCY_MS ?? 0));
  process.stdout.write(`${bare.url}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => {
    void bare.stop().then(() => process.exit(0));
  });
}
