import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, startProcess } from "../support/process.js";

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
});
