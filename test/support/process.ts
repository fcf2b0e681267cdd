import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A port nothing listens on right now (on 127.0.0.1). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface ServiceProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything written to standard output and standard error so far. */
  output(): string;
  /** Resolves when the output contains `text`; rejects after `timeoutMs` or when the process exits first. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Sends SIGKILL if the process is still running (for `finally` blocks). */
  kill(): void;
}

/**
 * The environment of a process a test starts: PATH, the run's temp folder (see temp-folder.ts) and `env`, nothing
 * else from the test's own environment.
 */
export const childEnvironment = (
  env: Record<string, string | undefined>,
): Record<string, string | undefined> => ({
  PATH: process.env.PATH,
  TMPDIR: tmpdir(),
  ...env,
});

/**
 * Starts a TypeScript entry point of this repository (`src/index.ts` by default) as a real Node process, with
 * `childEnvironment(env)` as its environment.
 */
export function startProcess(env: Record<string, string>, entry = "src/index.ts"): ServiceProcess {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: ROOT,
    env: childEnvironment(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const read = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on("data", read);
  child.stderr.on("data", read);
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  return {
    child,
    output: () => output,
    exited,
    waitFor(text, timeoutMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!output.includes(text)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`"${text}" did not appear within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then((code) => {
          if (!listeners.has(check)) return;
          cleanup();
          reject(new Error(`exited with ${code} before "${text}" appeared:\n${output}`));
        });
        check();
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
