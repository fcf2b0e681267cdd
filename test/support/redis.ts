import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createClient } from "redis";

/**
 * The Redis the fleet tests use: REDIS_URL when set (CI starts one when the machine has none), else the one these
 * machines run on 127.0.0.1:6379. Tests never mock it; each names its own app or tenant, so runs never collide.
 */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A client for a test's own checks (scanning keys, reading what the service wrote). */
export async function testRedis() {
  const client = createClient({ url: TEST_REDIS_URL });
  await client.connect();
  return client;
}

/** A number unique enough to name a test's own app, so that its keys are its own. */
export const uniqueAppId = () => 1_400_000_000 + Math.floor(Math.random() * 90_000_000);

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * A Redis server of the test's own (Debian's redis-server), on a free port, that the test may stop and start
 * again: the shared Redis must never be stopped by a test.
 */
export class PrivateRedis {
  private process: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        const client = createClient({ url: this.url, socket: { reconnectStrategy: false } });
        client.on("error", () => {});
        await client.connect();
        await client.ping();
        client.destroy();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGKILL");
    });
  }
}
