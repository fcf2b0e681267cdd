import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";

describe("the logger", () => {
  it("writes one JSON object per line and redacts credential fields at any depth, by name", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", write: (line) => lines.push(line) });
    logger.debug("not written at info");
    logger.warn("upstream refused", {
      code: 70009,
      signal: "SIGTERM",
      secretKey: "k-123",
      request: {
        usersig: "eJw",
        headers: { Authorization: "QJWT abc", "x-alipay-plus-access-token": "t-1" },
      },
      sessions: [{ sessionToken: "s-1" }],
    });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: "warn",
      message: "upstream refused",
      code: 70009,
      signal: "SIGTERM",
      secretKey: "[redacted]",
      request: {
        usersig: "[redacted]",
        headers: { Authorization: "[redacted]", "x-alipay-plus-access-token": "[redacted]" },
      },
      sessions: [{ sessionToken: "[redacted]" }],
    });
    expect(lines[0]).not.toMatch(/k-123|eJw|QJWT|t-1|s-1/);
  });
});
