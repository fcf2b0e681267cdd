import axios from "axios";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, type AppConfig } from "../../src/config.js";
import { silentLogger } from "../../src/logger.js";
import { createServer, type ProfileServer } from "../../src/server.js";
import { sharedSchema } from "../support/stack.js";

/** IM credentials pointing at a closed port: enough to configure a production start, never called here. */
const IM_CREDENTIALS = {
  TENCENT_IM_SDKAPPID: "1400123456",
  TENCENT_IM_SECRET_KEY: "a-real-looking-secret-key-0123456789",
  TENCENT_IM_BASE_URL: "http://127.0.0.1:9",
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

/**
 * Starts a server with `env`'s configuration on a free loopback port before each test (so that the mutation run
 * counts what the server's construction does as covered by the test), and stops it after.
 */
function serve(env: Record<string, string>) {
  let server: ProfileServer | undefined;
  let url = "";
  beforeEach(async () => {
    const config: AppConfig = { ...loadConfig(env), port: 0 };
    server = await createServer(config, { logger: silentLogger, schema: await sharedSchema() });
    url = await server.listen(0, "127.0.0.1");
  });
  afterEach(() => server?.stop());
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    axios.post(url, body, {
      headers: { "content-type": "application/json", ...headers },
      validateStatus: () => true,
    });
  return { url: () => url, post };
}

const INTROSPECTION = { query: "{ __schema { queryType { name } } }" };
const MISSPELT = { query: '{ user(id: "u1") { tencentIn { nick } } }' };

describe("production configuration", () => {
  it("never chooses the sandbox by itself: no credentials and no SANDBOX=true is refused, naming the variables", () => {
    const [problem, ...others] = problemsOf({ NODE_ENV: "production" });
    expect(others).toEqual([]);
    for (const variable of [
      "TENCENT_IM_SDKAPPID",
      "TENCENT_IM_SECRET_KEY",
      "QUECTEL_ACCESS_KEY",
      "QUECTEL_ACCESS_SECRET",
      "ONEACCESS_CLIENT_ID",
      "ALIPAY_PLUS_BASE_URL",
      "ALIPAY_PLUS_CLIENT_ID",
      "ALIPAY_PLUS_PRIVATE_KEY",
      "ALIPAY_PLUS_WALLET_PUBLIC_KEY",
      "SANDBOX=true",
    ]) {
      expect(problem).toContain(variable);
    }
    expect(problemsOf({ NODE_ENV: "production", SANDBOX: "false" })).toHaveLength(1);
    expect(loadConfig({ NODE_ENV: "production", SANDBOX: "true" }).sandbox).not.toBeNull();
    // Outside production, no credentials still means the sandbox.
    expect(loadConfig({}).sandbox).not.toBeNull();
  });

  it("a source given half its credentials refuses to start, naming the missing variables", () => {
    const production = { NODE_ENV: "production" };
    expect(problemsOf({ ...production, TENCENT_IM_SDKAPPID: "1400123456" })).toEqual([
      expect.stringMatching(/^TENCENT_IM_SECRET_KEY: must be set/),
      expect.stringMatching(/^TENCENT_IM_REGION: /),
    ]);
    expect(problemsOf({ ...production, QUECTEL_ACCESS_SECRET: "secret-123456789" })).toEqual([
      expect.stringMatching(/^QUECTEL_ACCESS_KEY: must be set/),
      expect.stringMatching(/^QUECTEL_REGION: /),
    ]);
    expect(problemsOf({ ...production, ONEACCESS_CLIENT_ID: "client-1" })).toEqual([
      expect.stringMatching(/^ONEACCESS_BASE_URL: must be set/),
    ]);
    expect(problemsOf({ ...production, ALIPAY_PLUS_CLIENT_ID: "MINI_1" })).toEqual([
      expect.stringMatching(/^ALIPAY_PLUS_BASE_URL: must be set/),
      expect.stringMatching(/^ALIPAY_PLUS_PRIVATE_KEY: must be set/),
      expect.stringMatching(/^ALIPAY_PLUS_WALLET_PUBLIC_KEY: must be set/),
    ]);
  });

  it("defaults: closed schema, JSON logs, loopback; each can be switched on", () => {
    const config = loadConfig({ NODE_ENV: "production", ...IM_CREDENTIALS });
    expect(config).toMatchObject({
      production: true,
      host: "127.0.0.1",
      introspection: false,
      fieldSuggestions: false,
      landingPage: false,
      corsOrigins: [],
      logFormat: "json",
    });
    const opened = loadConfig({
      NODE_ENV: "production",
      ...IM_CREDENTIALS,
      HOST: "0.0.0.0",
      INTROSPECTION: "true",
      FIELD_SUGGESTIONS: "true",
      LANDING_PAGE: "true",
      CORS_ORIGINS: "https://app.example.com, http://localhost:3000/",
    });
    expect(opened).toMatchObject({
      host: "0.0.0.0",
      introspection: true,
      fieldSuggestions: true,
      landingPage: true,
      corsOrigins: ["https://app.example.com", "http://localhost:3000"],
    });
    expect(problemsOf({ CORS_ORIGINS: "https://app.example.com/path" })).toEqual([
      expect.stringMatching(/^CORS_ORIGINS: must be browser origins/),
    ]);
    expect(problemsOf({ HOST: "not a host" })).toEqual([expect.stringMatching(/^HOST: must be an address/)]);
    expect(problemsOf({ ROUTER_SHARED_SECRET: "short" })).toEqual([
      "ROUTER_SHARED_SECRET: must be at least 16 characters: a random string the router also holds",
    ]);
    expect(problemsOf({ ROUTER_SECRET_HEADER: "X-User-Id" })).toEqual([
      "ROUTER_SECRET_HEADER: must not be the viewer id header (VIEWER_ID_HEADER)",
    ]);
    expect(
      loadConfig({ ROUTER_SHARED_SECRET: "  0123456789abcdef  ", ROUTER_SECRET_HEADER: "X-Gateway-Token" })
        .router,
    ).toEqual({
      sharedSecret: "0123456789abcdef",
      secretHeader: "x-gateway-token",
    });
  });
});

describe("a production server with credentials", () => {
  const service = serve({
    NODE_ENV: "production",
    ...IM_CREDENTIALS,
    CORS_ORIGINS: "https://app.example.com",
  });

  it("refuses introspection and answers __typename", async () => {
    const introspection = await service.post(INTROSPECTION);
    expect(introspection.data.data).toBeUndefined();
    expect(introspection.data.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(introspection.data.errors[0].message).toMatch(/introspection is not allowed/);
    const typename = await service.post({ query: "{ __typename }" });
    expect(typename.status).toBe(200);
    expect(typename.data).toEqual({ data: { __typename: "Query" } });
    // The router composes from the subgraph's SDL, which is not introspection.
    const sdl = await service.post({ query: "{ _service { sdl } }" });
    expect(sdl.data.data._service.sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
  });

  it("does not suggest field names", async () => {
    const response = await service.post(MISSPELT);
    expect(response.data.errors[0].message).toMatch(/Cannot query field "tencentIn"/);
    expect(response.data.errors[0].message).not.toMatch(/Did you mean|tencentIm/);
  });

  it("shows no landing page to a browser", async () => {
    const response = await axios.get(service.url(), {
      headers: { accept: "text/html" },
      validateStatus: () => true,
    });
    expect(String(response.headers["content-type"])).not.toMatch(/html/);
    expect(JSON.stringify(response.data)).not.toMatch(/sandbox|embeddable/i);
  });

  it("gives an unlisted Origin no Access-Control-Allow-Origin, a listed one its own, and never the viewer header", async () => {
    const unlisted = await service.post({ query: "{ __typename }" }, { origin: "https://evil.example.com" });
    expect(unlisted.headers["access-control-allow-origin"]).toBeUndefined();
    const listed = await service.post({ query: "{ __typename }" }, { origin: "https://app.example.com" });
    expect(listed.headers["access-control-allow-origin"]).toBe("https://app.example.com");

    const preflight = (origin: string) =>
      axios.options(service.url(), {
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,x-user-id",
        },
        validateStatus: () => true,
      });
    const evil = await preflight("https://evil.example.com");
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
    const app = await preflight("https://app.example.com");
    expect(app.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    const allowed = String(app.headers["access-control-allow-headers"]).split(",");
    expect(allowed).toContain("content-type");
    expect(allowed).toContain("x-oneaccess-session-token");
    expect(allowed).toContain("x-alipay-plus-access-token");
    expect(allowed).not.toContain("x-user-id");
  });

  it("echoes the caller's request id, or gives the request a new one", async () => {
    const given = await service.post({ query: "{ __typename }" }, { "x-request-id": "trace-abc.123" });
    expect(given.headers["x-request-id"]).toBe("trace-abc.123");
    const unsafe = await service.post({ query: "{ __typename }" }, { "x-request-id": 'a b"c' });
    expect(unsafe.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("a development server keeps its friendliness", () => {
  const service = serve({ SANDBOX: "false" });

  it("answers introspection, suggests fields, and lets any origin in", async () => {
    const introspection = await service.post(INTROSPECTION, { origin: "https://studio.apollographql.com" });
    expect(introspection.data).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    expect(introspection.headers["access-control-allow-origin"]).toBe("*");
    const misspelt = await service.post(MISSPELT);
    expect(misspelt.data.errors[0].message).toMatch(/Did you mean "tencentIm"/);
    const page = await axios.get(service.url(), {
      headers: { accept: "text/html" },
      validateStatus: () => true,
    });
    expect(String(page.headers["content-type"])).toMatch(/html/);
  });
});
