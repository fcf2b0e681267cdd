import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, loadConfig } from "../../src/config.js";
import { CLIENT_HEADERS_TO_FORWARD } from "../support/forwarded-headers.js";

const read = (file: string) => readFile(new URL(`../../${file}`, import.meta.url), "utf8");

describe("the documented configuration", () => {
  it(".env.example lists exactly the variables the service reads, and its values start a sandbox", async () => {
    const env = Object.fromEntries(
      (await read(".env.example"))
        .split("\n")
        .filter((line) => /^[A-Z0-9_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(Object.keys(env).sort()).toEqual([...CONFIG_VARIABLES, "NODE_ENV"].sort());
    const config = loadConfig(env);
    expect(config.sandbox).not.toBeNull();
  });

  it("the README's configuration table names exactly the same variables", async () => {
    const readme = await read("README.md");
    const table = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## Architecture"));
    const documented = [...table.matchAll(/^\| `([A-Z0-9_]+)`\s*\|/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual([...CONFIG_VARIABLES, "NODE_ENV"].sort());
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
