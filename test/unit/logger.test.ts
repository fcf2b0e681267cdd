import { describe, expect, it } from "vitest";
import { CREDENTIAL_FIELDS, MAX_LOGGED_TEXT, createLogger } from "../../src/logger.js";

const capture = (level: "debug" | "info" = "info") => {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level, write: (line) => lines.push(line) }) };
};

describe("the logger", () => {
  it("writes one JSON object per line and redacts credential fields at any depth, by name", () => {
    const { lines, logger } = capture();
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
    expect(typeof entry.time).toBe("string");
    expect(lines[0]).not.toMatch(/k-123|eJw|QJWT|t-1|s-1/);
  });

  it("redacts every credential field it knows, at the top level and one level down", () => {
    const { lines, logger } = capture();
    const fields = Object.fromEntries(CREDENTIAL_FIELDS.map((name, index) => [name, `value-${index}-x`]));
    logger.info("all of them", { ...fields, nested: { ...fields } });
    expect(lines[0]).not.toMatch(/value-\d+-x/);
    const entry = JSON.parse(lines[0]!) as { nested: Record<string, string> };
    expect(Object.values(entry.nested).every((value) => value === "[redacted]")).toBe(true);
  });

  it("cuts long texts, such as a vendor's error message, and keeps its own keys apart from the fields", () => {
    const { lines, logger } = capture();
    logger.warn("vendor said", { info: "x".repeat(5000), message: "a field named message", level: 3 });
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect((entry.info as string).length).toBeLessThan(MAX_LOGGED_TEXT + 40);
    expect(entry.info).toMatch(/…\[4800 more characters\]$/);
    expect(entry).toMatchObject({
      level: "warn",
      message: "vendor said",
      field_message: "a field named message",
      field_level: 3,
    });
  });

  it("writes readable lines in the pretty format, still redacted", () => {
    const lines: string[] = [];
    const logger = createLogger({ format: "pretty", write: (line) => lines.push(line) });
    logger.info("pretty one", { count: 3, accessToken: "t-9" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/INFO: pretty one/);
    expect(lines[0]).toContain('"count":3');
    expect(lines[0]).not.toContain("t-9");
  });
});
