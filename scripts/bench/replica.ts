import { spawn, type ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Child processes started here or by `endsWithThisProcess`'s callers: none outlives this process. */
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** Kills `child` when this process ends, if it still runs then (a benchmark or a test that threw half-way). */
export function endsWithThisProcess(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
}

/** A replica of the service as its own process, as a fleet runs it. */
export interface Replica {
  /** Its GraphQL endpoint. */
  url: string;
  /** Its process id (the benchmark reads its CPU time from /proc). */
  pid: number;
  /** Everything it printed (start-up banner, log lines). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `src/index.ts` with `env` (PORT 0 is replaced by a free port the replica picks) and resolves once it
 * prints that it is ready; rejects if it exits or takes longer than `timeoutMs`. `compiled`: `dist/index.js` as
 * `npm start` runs it (built beforehand), instead of the sources through tsx.
 */
export async function startReplica(
  env: Record<string, string>,
  timeoutMs = 20_000,
  { compiled = false } = {},
): Promise<Replica> {
  const entry = compiled ? ["--enable-source-maps", "dist/index.js"] : ["--import", "tsx", "src/index.ts"];
  const child: ChildProcess = spawn(process.execPath, entry, {
    cwd: ROOT,
    // TMPDIR: tsx's compile cache goes where the caller's temporary files go (a test run's own folder).
    env: { PATH: process.env.PATH, TMPDIR: tmpdir(), PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  endsWithThisProcess(child);
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`replica not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Profile subgraph ready at (\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!.replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners("exit");
  return {
    url,
    pid: child.pid!,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}
