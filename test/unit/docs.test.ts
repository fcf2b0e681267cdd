import type * as NodeCrypto from "node:crypto";
import { generateKeyPairSync, KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it, vi } from "vitest";
import { CONFIG_VARIABLES, loadConfig } from "../../src/config.js";
import { CLIENT_HEADERS_TO_FORWARD } from "../support/forwarded-headers.js";

// Sandbox mode makes two RSA key pairs at every load; this file loads it a hundred times. One pair serves them all.
vi.mock("node:crypto", async (importOriginal) => {
  const crypto = await importOriginal<typeof NodeCrypto>();
  const made = new Map<string, unknown>();
  const once = (...args: unknown[]) => {
    const key = JSON.stringify(args);
    if (!made.has(key)) made.set(key, (crypto.generateKeyPairSync as (...a: unknown[]) => unknown)(...args));
    return made.get(key);
  };
  return { ...crypto, generateKeyPairSync: once };
});

const read = (file: string) => readFile(new URL(`../../${file}`, import.meta.url), "utf8");

const envExample = async () =>
  Object.fromEntries(
    (await read(".env.example"))
      .split("\n")
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );

/** The configuration table's rows: variable, and the text of its default cell. */
async function configurationTable(): Promise<Map<string, string>> {
  const readme = await read("README.md");
  const start = readme.indexOf("## Configuration");
  const table = readme.slice(start, readme.indexOf("\n## ", start));
  return new Map(
    [...table.matchAll(/^\| `([A-Z0-9_]+)`\s*\|([^|]*)\|/gm)].map((match) => [match[1]!, match[2]!.trim()]),
  );
}

type Environment = "production" | "development";

/**
 * What a default cell says the default is, per environment: "`4000`" (always), "`json` in production, `pretty`
 * otherwise", or nothing checkable (empty, or words such as "the region's domain").
 */
function documentedDefault(cell: string): Record<Environment, string> | undefined {
  const always = /^`([^`]*)`$/.exec(cell);
  if (always) return { production: always[1]!, development: always[1]! };
  const split = /^`([^`]*)` in production, `([^`]*)` otherwise$/.exec(cell);
  if (split) return { production: split[1]!, development: split[2]! };
  return undefined;
}

/** Defaults the table describes in words, because no value of the variable means the same. */
const DESCRIBED_IN_WORDS = ["SANDBOX", "TENCENT_IM_BASE_URL", "QUECTEL_BASE_URL", "CORS_ORIGINS"];

const wallet = generateKeyPairSync("rsa", { modulusLength: 2048 });
const merchant = generateKeyPairSync("rsa", { modulusLength: 2048 });
/** Every source configured for a vendor, so that each source's variables reach the config. */
const CREDENTIALED = {
  TENCENT_IM_SDKAPPID: "1400123456",
  TENCENT_IM_SECRET_KEY: "a-real-looking-secret-key-0123456789",
  TENCENT_IM_REGION: "singapore",
  QUECTEL_ACCESS_KEY: "ak-123456",
  QUECTEL_ACCESS_SECRET: "secret-123456789",
  QUECTEL_REGION: "eu",
  ONEACCESS_BASE_URL: "https://tenant.huaweioneaccess.com",
  ONEACCESS_CLIENT_ID: "client-1",
  ALIPAY_PLUS_BASE_URL: "https://openapi.wallet.example.com",
  ALIPAY_PLUS_CLIENT_ID: "MINI_1",
  ALIPAY_PLUS_PRIVATE_KEY: merchant.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  ALIPAY_PLUS_WALLET_PUBLIC_KEY: wallet.publicKey.export({ type: "spki", format: "pem" }).toString(),
};

/** The config as comparable data (the sandbox makes new key pairs at every load: keys compare as equal). */
const comparable = (env: Record<string, string>) =>
  JSON.parse(
    JSON.stringify(loadConfig(env), (_key, value: unknown) => (value instanceof KeyObject ? "<key>" : value)),
  ) as unknown;

describe("the documented configuration", () => {
  it(".env.example lists exactly the variables the service reads, and its values start a sandbox", async () => {
    const env = await envExample();
    expect(Object.keys(env).sort()).toEqual([...CONFIG_VARIABLES, "NODE_ENV"].sort());
    const config = loadConfig(env);
    expect(config.sandbox).not.toBeNull();
  });

  it("the README's configuration table names exactly the same variables", async () => {
    const documented = [...(await configurationTable()).keys()];
    expect(documented.sort()).toEqual([...CONFIG_VARIABLES, "NODE_ENV"].sort());
  });

  it("every default the table gives is the code's, in production and otherwise, with and without the sandbox", async () => {
    const table = await configurationTable();
    const undocumented = [...table].filter(([, cell]) => cell !== "" && !documentedDefault(cell));
    expect(undocumented.map(([name]) => name).sort()).toEqual([...DESCRIBED_IN_WORDS].sort());

    const checked: string[] = [];
    for (const [name, cell] of table) {
      const defaults = documentedDefault(cell);
      if (!defaults) continue;
      for (const environment of ["production", "development"] as const) {
        const nodeEnv: Record<string, string> =
          environment === "production" ? { NODE_ENV: "production" } : {};
        const bases: Record<string, string>[] = [
          { ...CREDENTIALED, ...nodeEnv },
          { SANDBOX: "true", ...nodeEnv },
        ];
        for (const base of bases) {
          const stated = { ...base, [name]: defaults[environment] };
          expect(comparable(stated), `${name}=${defaults[environment]} (${environment})`).toEqual(
            comparable(base),
          );
        }
      }
      checked.push(name);
    }
    expect(checked).toContain("PORT");
    expect(checked).toContain("LOG_FORMAT");
  });

  it(".env.example's values are the documented defaults", async () => {
    const table = await configurationTable();
    for (const [name, value] of Object.entries(await envExample())) {
      if (value === "") continue;
      const defaults = documentedDefault(table.get(name) ?? "");
      expect(defaults?.development, name).toBe(value);
      expect(defaults?.production, name).toBe(value);
    }
  });
});

describe("the documented router configs", () => {
  it("Apollo Router and Hive Gateway forward exactly the client headers the gateway test forwards", async () => {
    const readme = await read("README.md");
    const routerYaml = readme.slice(readme.indexOf("# router.yaml"), readme.indexOf("authentication:"));
    const routerHeaders = [...routerYaml.matchAll(/propagate: \{ named: ([\w-]+) \}/g)].map(
      (match) => match[1],
    );
    expect(routerHeaders).toEqual(CLIENT_HEADERS_TO_FORWARD);

    const hiveConfig = readme.slice(readme.indexOf("// gateway.config.ts"));
    const list = /const PROFILE_HEADERS = \[([^\]]*)\]/.exec(hiveConfig)?.[1] ?? "";
    expect([...list.matchAll(/"([\w-]+)"/g)].map((match) => match[1])).toEqual(CLIENT_HEADERS_TO_FORWARD);
    // Neither takes x-user-id from the client: both set it from the validated token.
    expect(routerYaml).not.toContain("x-user-id");
    expect(hiveConfig).toContain('headers["x-user-id"] = context.jwt?.payload?.sub;');
  });

  it("the README's Apollo Client type policies are the example's, word for word", async () => {
    const block = (text: string) =>
      /^export const profileTypePolicies[\s\S]*?^\};$/m.exec(text)?.[0].replace(/\s+/g, " ") ?? "(none)";
    expect(block(await read("README.md"))).toBe(block(await read("examples/web/src/type-policies.ts")));
  });
});
