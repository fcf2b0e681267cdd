import axios from "axios";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SandboxConfig } from "../../src/config.js";
import {
  SANDBOX_SAMPLE_OPERATIONS,
  SANDBOX_SAMPLE_VARIABLES,
  SANDBOX_VIEWER_HEADERS,
} from "../../src/schema/sandbox-sample.js";
import { startStack, type Stack } from "../support/stack.js";

interface EmbeddedSandboxConfig {
  initialState: { document?: string; variables?: unknown; headers?: Record<string, string> };
  runTelemetry: boolean;
}

/** The configuration Apollo Server's landing page hands to the embedded Apollo Sandbox. */
async function landingPageConfig(graphqlUrl: string): Promise<EmbeddedSandboxConfig> {
  const response = await axios.get<string>(graphqlUrl, {
    headers: { accept: "text/html" },
    responseType: "text",
  });
  expect(response.status).toBe(200);
  const json = /var embeddedSandboxConfig = (\{.*\});/.exec(response.data)?.[1];
  if (!json) throw new Error(`No embedded Sandbox configuration in the landing page:\n${response.data}`);
  return JSON.parse(json) as EmbeddedSandboxConfig;
}

describe("the landing page in sandbox mode", () => {
  let sandbox: Stack;
  let credentialed: Stack;
  // Started for each test (not once per file), so that the mutation run credits the tests with what building the
  // server does.
  beforeEach(async () => {
    [sandbox, credentialed] = await Promise.all([
      // The server only asks whether it runs in sandbox mode; the emulators are the stack's.
      startStack({ config: { sandbox: {} as SandboxConfig } }),
      startStack(),
    ]);
  });
  afterEach(() => Promise.all([sandbox?.close(), credentialed?.close()]));

  it("opens Apollo Sandbox with the sample operations, their variables and the sandbox viewer's headers", async () => {
    const config = await landingPageConfig(sandbox.graphqlUrl);
    expect(config.initialState).toMatchObject({
      document: SANDBOX_SAMPLE_OPERATIONS,
      variables: SANDBOX_SAMPLE_VARIABLES,
      headers: SANDBOX_VIEWER_HEADERS,
    });
    expect(config.runTelemetry).toBe(false);
  });

  it("with real credentials it opens empty: no sandbox tokens are offered", async () => {
    const config = await landingPageConfig(credentialed.graphqlUrl);
    expect(config.initialState.document).toBeUndefined();
    expect(config.initialState.headers).toBeUndefined();
  });

  it("the sample operations run as they are: every user listed, and the headers sign in as u3", async () => {
    const run = async (operationName: string) =>
      (
        await axios.post(
          sandbox.graphqlUrl,
          { query: SANDBOX_SAMPLE_OPERATIONS, operationName, variables: SANDBOX_SAMPLE_VARIABLES },
          { headers: SANDBOX_VIEWER_HEADERS, validateStatus: () => true },
        )
      ).data as { data?: Record<string, unknown>; errors?: unknown[] };

    const users = await run("SandboxUsers");
    expect(users.errors).toBeUndefined();
    expect((users.data?.users as { id: string }[]).map((user) => user.id)).toEqual(
      SANDBOX_SAMPLE_VARIABLES.ids,
    );

    const me = await run("Me");
    expect(me.errors).toBeUndefined();
    expect(me.data?.me).toMatchObject({
      id: "u3",
      oneAccess: { loginName: "user3" },
      alipayPlus: { userId: "2160000000000003" },
      profile: { displayName: { value: "dilnoza3", source: "oneAccess" } },
    });
  });
});
