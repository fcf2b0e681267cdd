import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, loadConfig } from "../../src/config.js";

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
