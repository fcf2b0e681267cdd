import http from "node:http";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import axios from "axios";
import { describe, expect, it } from "vitest";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { freePort, startProcess } from "../support/process.js";
import { scrape } from "../support/prometheus.js";

/** The variables that start a sandbox on free ports: the service's, and each emulator's. */
async function sandboxPorts() {
  const [service, im, quectel, oneAccess, alipayPlus] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  return {
    service: service!,
    im: im!,
    env: {
      PORT: String(service),
      TENCENT_IM_EMULATOR_PORT: String(im),
      QUECTEL_EMULATOR_PORT: String(quectel),
      ONEACCESS_EMULATOR_PORT: String(oneAccess),
      ALIPAY_PLUS_EMULATOR_PORT: String(alipayPlus),
    },
  };
}

describe("the service as a process", () => {
  it("production with no credentials exits non-zero within 5 s, naming the missing variables", async () => {
    const started = Date.now();
    const service = startProcess({ NODE_ENV: "production", PORT: String(await freePort()) });
    try {
      const code = await service.exited;
      const elapsed = Date.now() - started;
      expect(code).toBe(1);
      expect(elapsed).toBeLessThan(5000);
      const output = service.output();
      for (const variable of [
        "TENCENT_IM_SDKAPPID",
        "QUECTEL_ACCESS_KEY",
        "ONEACCESS_CLIENT_ID",
        "SANDBOX=true",
      ]) {
        expect(output).toContain(variable);
      }
      expect(output).not.toContain("ready at");
      expect(output).not.toMatch(/^\s+at /m);
    } finally {
      service.kill();
    }
  });

  it("a busy port ends with one line that says what to change, and no stack trace", async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)),
    );
    const service = startProcess({ SANDBOX: "false", PORT: String(port), LOG_LEVEL: "silent" });
    try {
      expect(await service.exited).toBe(1);
      expect(service.output().trim()).toBe(
        `Cannot listen on 127.0.0.1:${port}: the port is already in use. Stop what listens there, or set PORT to a free port.`,
      );
    } finally {
      service.kill();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("after SIGTERM /readyz fails within 100 ms while a request in flight still finishes; /metrics counted the sandbox's IM calls", async () => {
    const ports = await sandboxPorts();
    const service = startProcess({ ...ports.env, SHUTDOWN_DELAY_MS: "3000", LOG_LEVEL: "silent" });
    const base = `http://127.0.0.1:${ports.service}`;
    const imStats = `http://127.0.0.1:${ports.im}/__stats`;
    const agent = new http.Agent({ keepAlive: true });
    const get = (path: string) =>
      axios.get(`${base}${path}`, { httpAgent: agent, validateStatus: () => true });
    const query = (ids: string[]) =>
      axios.post(`${base}/graphql`, {
        query: `{ users(ids: ${JSON.stringify(ids)}) { tencentIm { nickname } } }`,
      });
    try {
      await service.waitFor("Profile subgraph ready at");
      expect((await get("/readyz")).status).toBe(200);

      const users = Array.from({ length: 150 }, (_, index) => `u${index + 1}`);
      expect((await query(users)).data.errors).toBeUndefined();
      const metrics = await scrape(`${base}/graphql`);
      const call = { source: "tencentIm", operation: "portrait_get" };
      expect(metrics.value("profile_upstream_calls_total", { ...call, outcome: "ok" })).toBe(2);
      expect(metrics.value("profile_upstream_call_duration_seconds_count", call)).toBe(2);
      expect(metrics.value("process_cpu_user_seconds_total")).toBeGreaterThan(0);
      expect(metrics.value("nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);

      // A request that will take 1.5 s upstream, and is in flight when SIGTERM comes.
      await axios.post(`http://127.0.0.1:${ports.im}/__faults`, { latencyMs: 1500 });
      const inFlight = query(["u7"]);
      for (let waited = 0; ; waited += 10) {
        const stats = (await axios.get(imStats)).data as Record<string, { calls: number }>;
        if (stats[PORTRAIT_GET_PATH]?.calls === 3) break;
        if (waited > 10_000) throw new Error("the request never reached the IM emulator");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }

      const signalled = performance.now();
      service.child.kill("SIGTERM");
      let notReady;
      do notReady = await get("/readyz");
      while (notReady.status === 200 && performance.now() - signalled < 2000);
      const flipMs = performance.now() - signalled;
      expect(notReady.status).toBe(503);
      expect(notReady.data).toMatchObject({ ready: false, phase: "draining" });
      expect(flipMs, `/readyz flipped ${flipMs.toFixed(1)} ms after SIGTERM`).toBeLessThan(100);
      expect((await get("/healthz")).status).toBe(200);

      const finished = await inFlight;
      expect(finished.status).toBe(200);
      expect(finished.data).toEqual({ data: { users: [{ tencentIm: { nickname: expect.any(String) } }] } });
      expect(await service.exited).toBe(0);
      // It kept answering for SHUTDOWN_DELAY_MS before it stopped.
      expect(performance.now() - signalled).toBeGreaterThanOrEqual(2900);
    } finally {
      agent.destroy();
      service.kill();
    }
  });
});
