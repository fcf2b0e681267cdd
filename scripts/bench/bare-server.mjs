// Bare Apollo Server 5 standalone, the overhead scenario's baseline (scripts/bench/index.ts), as a process of its
// own like the service it is compared with: a hello-world schema and no plugin; BENCH_BARE_LATENCY_MS delays its one
// field. Prints its URL on the first line; ends when its parent closes stdin. Plain JavaScript, run by node itself.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { setTimeout as sleep } from "node:timers/promises";

const latencyMs = Number(process.env.BENCH_BARE_LATENCY_MS ?? 0);
const server = new ApolloServer({
  typeDefs: "type Query { hello: String }",
  resolvers: {
    Query: {
      hello: () => (latencyMs > 0 ? sleep(latencyMs, "world") : "world"),
    },
  },
});
const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
process.stdout.write(`${url}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void server.stop().then(() => process.exit(0));
});
