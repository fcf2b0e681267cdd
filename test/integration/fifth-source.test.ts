import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Walks the README's "Adding a source" once, for real: a copy of src/ gets a fifth source (a trivial directory
 * called echo) exactly as the README says — its provider folder, its schema folder, and one line in each of the
 * two lists — and the service built from that copy must configure it from the environment, answer its field, list
 * it in sourceStatus, merge it into the profile by precedence and name it in its errors.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const FILES: Record<string, string> = {
  "src/providers/echo/config.ts": `
import { IsOptional, IsString, MinLength } from "class-validator";
import { OptionalPort } from "../../config/variables.js";
import { defineSettings } from "../../domain/source.js";

export interface EchoConfig { apiKey: string }

export class EchoVariables {
  @IsOptional()
  @IsString()
  @MinLength(8, { message: "looks too short for an Echo API key" })
  ECHO_API_KEY?: string;

  @OptionalPort()
  ECHO_EMULATOR_PORT?: number;
}

export const echoSettings = defineSettings({
  variables: EchoVariables,
  credentialVariables: ["ECHO_API_KEY"],
  emulatorPort: { variable: "ECHO_EMULATOR_PORT", default: 4199 },
  fromEnvironment: (env): EchoConfig | null => (env.ECHO_API_KEY ? { apiKey: env.ECHO_API_KEY } : null),
});
`,
  "src/providers/echo/client.ts": `
import type { EchoConfig } from "./config.js";

export class EchoClient {
  calls = 0;
  constructor(readonly config: EchoConfig) {}
  async lookup(id: string): Promise<{ id: string; name: string } | null> {
    this.calls++;
    return id.startsWith("u") ? { id, name: "Echo " + id } : null;
  }
}
`,
  "src/providers/echo/loader.ts": `
import { createSingleCallLoader } from "../single-call-loader.js";
import type { EchoClient } from "./client.js";

export const createEchoLoader = (client: EchoClient) => createSingleCallLoader("echo", (id) => client.lookup(id));
`,
  "src/providers/echo/source.ts": `
import { defineSource } from "../../domain/source.js";
import { EchoClient } from "./client.js";
import { echoSettings, type EchoConfig } from "./config.js";
import { createEchoLoader } from "./loader.js";

export const echoSource = defineSource<"echo", EchoConfig, EchoClient, { id: string; name: string }, never, never>({
  name: "echo",
  label: "Echo",
  settings: echoSettings,
  createClient: (config) => new EchoClient(config),
  access: { kind: "server", createLoader: createEchoLoader },
  profile: { displayName: (record) => record.name },
});
`,
  "src/schema/echo/echo-profile.type.ts": `
import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "What Echo knows." })
export class EchoProfile {
  @Field(() => String)
  name!: string;
}
`,
  "src/schema/echo/echo.resolver.ts": `
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context.js";
import { User } from "../user/user.type.js";
import { EchoProfile } from "./echo-profile.type.js";

@Resolver(() => User)
export class EchoResolver {
  @FieldResolver(() => EchoProfile, { nullable: true })
  echo(@Root() user: User, @Ctx() context: RequestContext) {
    return context.sources.echo.load(user.id);
  }
}
`,
  "run.ts": `
import "reflect-metadata";
import { ConfigError, loadConfig } from "./src/config.js";
import { createLogger } from "./src/logger.js";
import { createServer } from "./src/server.js";

let refused: string[] = [];
try {
  loadConfig({ SANDBOX: "false", ECHO_API_KEY: "short" });
} catch (error) {
  if (error instanceof ConfigError) refused = error.problems;
}
const config = loadConfig({ SANDBOX: "false", ECHO_API_KEY: "echo-api-key", PROFILE_PRECEDENCE: "echo,tencentIm" });
const server = await createServer({ ...config, port: 0 }, { logger: createLogger({ level: "silent" }) });
const url = await server.listen(0, "127.0.0.1");
const query = \`{
  users(ids: ["u1", "x9"]) { id echo { name } profile { displayName { value source } } }
  user(id: "u2") { tencentIm { nickname } }
  sourceStatus { source configured }
}\`;
const response = await fetch(url, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ query }),
});
console.log(JSON.stringify({ refused, result: await response.json() }));
await server.stop();
`,
};

/** The registration: one line in each list, as the README says. */
function register(folder: string): void {
  const edit = (file: string, from: string, to: string) => {
    const path = join(folder, file);
    const text = readFileSync(path, "utf8");
    if (!text.includes(from))
      throw new Error(`${file} no longer has ${from}: update the README and this test`);
    writeFileSync(path, text.replace(from, to));
  };
  edit(
    "src/providers/registry.ts",
    "export const SOURCES = [",
    'import { echoSource } from "./echo/source.js";\nexport const SOURCES = [',
  );
  edit("src/providers/registry.ts", "quectelSource] as const", "quectelSource, echoSource] as const");
  edit(
    "src/schema/build-subgraph-schema.ts",
    "const RESOLVERS = [",
    'import { EchoResolver } from "./echo/echo.resolver.js";\nconst RESOLVERS = [\n  EchoResolver,',
  );
}

describe("adding a fifth source as the README says", () => {
  let folder: string;
  let output: {
    refused: string[];
    result: {
      data: Record<string, unknown>;
      errors?: { path: unknown[]; extensions: Record<string, unknown> }[];
    };
  };

  beforeAll(async () => {
    // Inside the project, so that the copy resolves the project's node_modules.
    folder = mkdtempSync(join(ROOT, ".tmp-fifth-source-"));
    cpSync(join(ROOT, "src"), join(folder, "src"), { recursive: true });
    cpSync(join(ROOT, "tsconfig.json"), join(folder, "tsconfig.json"));
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(join(folder, file, ".."), { recursive: true });
      writeFileSync(join(folder, file), text);
    }
    register(folder);
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "run.ts"], {
      cwd: folder,
      // tsx keeps its compile cache in the temp directory: inside the copy, removed afterwards.
      env: { PATH: process.env.PATH, TMPDIR: folder },
      timeout: 30_000,
    });
    output = JSON.parse(stdout.trim().split("\n").at(-1)!);
  }, 40_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("its variables are validated with the others", () => {
    expect(output.refused).toEqual(["ECHO_API_KEY: looks too short for an Echo API key"]);
  });

  it("its field answers, null for a user it does not know", () => {
    const users = output.result.data.users as { echo: { name: string } | null }[];
    expect(users.map((user) => user.echo)).toEqual([{ name: "Echo u1" }, null]);
  });

  it("the merged profile takes it by precedence, with its own ProfileSource value", () => {
    const users = output.result.data.users as { profile: { displayName: unknown } }[];
    expect(users[0]!.profile.displayName).toEqual({ value: "Echo u1", source: "echo" });
  });

  it("sourceStatus lists it as configured, and the unconfigured sources say so in their errors", () => {
    expect(output.result.data.sourceStatus).toContainEqual({ source: "echo", configured: true });
    expect(output.result.data.sourceStatus).toContainEqual({ source: "tencentIm", configured: false });
    expect(output.result.errors).toEqual([
      expect.objectContaining({
        path: ["user", "tencentIm"],
        extensions: expect.objectContaining({ code: "SOURCE_DISABLED", source: "tencentIm" }),
      }),
    ]);
  });
});
