import http from "node:http";
import axios from "axios";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/logger.js";
import { createServer } from "../../src/server.js";
import { sharedSchema, withStack, type Stack } from "../support/stack.js";

// A stack per test rather than one per file: the mutation run counts the server's construction (its body limit,
// its headers) as covered only by tests during which it ran.

const post = (stack: Stack, body: string, headers: Record<string, string> = {}) =>
  axios.post(stack.graphqlUrl, body, {
    headers: { "content-type": "application/json", ...headers },
    validateStatus: () => true,
    transformResponse: (data: string) => data,
    maxBodyLength: Infinity,
  });

describe("the HTTP surface around GraphQL", () => {
  it("reads a body of up to 1 MB, and refuses a larger one with 413 in GraphQL's error shape", async () => {
    await withStack({}, async (stack) => {
      const padded = (bytes: number) =>
        JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(bytes) } });
      const large = await post(stack, padded(900_000));
      expect(large.status).toBe(200);
      expect(JSON.parse(large.data)).toEqual({ data: { __typename: "Query" } });
      const tooLarge = await post(stack, padded(1_100_000));
      expect(tooLarge.status).toBe(413);
      expect(JSON.parse(tooLarge.data)).toEqual({
        errors: [{ message: "The request body is larger than 1 MB", extensions: { code: "BAD_REQUEST" } }],
      });
    });
  });

  it("passes on the body reader's own words for any other refusal of the caller's request", async () => {
    await withStack({}, async (stack) => {
      const refused = await post(stack, JSON.stringify({ query: "{ __typename }" }), {
        "content-type": "application/json; charset=latin1",
      });
      expect(refused.status).toBe(415);
      expect(JSON.parse(refused.data)).toEqual({
        errors: [{ message: 'unsupported charset "LATIN1"', extensions: { code: "BAD_REQUEST" } }],
      });
      expect(stack.logLines.filter((line) => line.includes("request failed before GraphQL"))).toEqual([]);
    });
  });

  it("serves GraphQL at /graphql and below it only, as express mounts it: /graphqlx and /x/graphql are 404", async () => {
    await withStack({}, async (stack) => {
      const body = JSON.stringify({ query: "{ __typename }" });
      const at = (path: string) =>
        axios.post(stack.graphqlUrl.replace(/\/graphql$/, path), body, {
          headers: { "content-type": "application/json" },
          validateStatus: () => true,
        });
      for (const path of ["/graphql", "/graphql?x=1", "/graphql/"]) {
        const answer = await at(path);
        expect(answer.status, path).toBe(200);
        expect(answer.data, path).toEqual({ data: { __typename: "Query" } });
      }
      for (const path of ["/graphqlx", "/x/graphql", "/graphq"]) {
        const answer = await at(path);
        expect(answer.status, path).toBe(404);
        expect(answer.data.errors[0].message, path).toMatch(/GraphQL is at \/graphql/);
      }
    });
  });

  it("a document that is not GraphQL's syntax is GraphQL's 400 parse error, by POST or GET, and nothing is logged", async () => {
    await withStack({}, async (stack) => {
      for (const query of ['{ user(id: "abc', "{ ~ }"]) {
        const byPost = await post(stack, JSON.stringify({ query }));
        const byGet = await axios.get(`${stack.graphqlUrl}?query=${encodeURIComponent(query)}`, {
          headers: { "apollo-require-preflight": "true" },
          validateStatus: () => true,
        });
        for (const [how, status, body] of [
          ["POST", byPost.status, JSON.parse(byPost.data as string)],
          ["GET", byGet.status, byGet.data],
        ] as const) {
          expect(status, `${how} ${query}`).toBe(400);
          expect(body.errors[0].extensions.code, `${how} ${query}`).toBe("GRAPHQL_PARSE_FAILED");
          expect(body.errors[0].message, `${how} ${query}`).toMatch(/^Syntax Error/);
        }
      }
      expect(stack.logLines.filter((line) => line.includes("request failed before GraphQL"))).toEqual([]);
    });
  });

  it("answers a GET with the operation in the query string", async () => {
    await withStack({}, async (stack) => {
      const answer = await axios.get(`${stack.graphqlUrl}?query=${encodeURIComponent("{ __typename }")}`, {
        headers: { "apollo-require-preflight": "true" },
        validateStatus: () => true,
      });
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({ data: { __typename: "Query" } });
      // Below the mount, where express hands the handler the URL without /graphql.
      const below = await axios.get(`${stack.graphqlUrl}/?query=${encodeURIComponent("{ __typename }")}`, {
        headers: { "apollo-require-preflight": "true" },
        validateStatus: () => true,
      });
      expect(below.status).toBe(200);
      expect(below.data).toEqual({ data: { __typename: "Query" } });
    });
  });

  it("names neither its framework nor an ETag in its answers", async () => {
    await withStack({}, async (stack) => {
      const health = await axios.get(stack.graphqlUrl.replace(/\/graphql$/, "/healthz"));
      const graphql = await post(stack, JSON.stringify({ query: "{ __typename }" }));
      for (const answer of [health, graphql]) {
        expect(answer.headers["x-powered-by"]).toBeUndefined();
        expect(answer.headers.etag).toBeUndefined();
      }
    });
  });

  it("while draining, answers still but asks each client to close its connection", async () => {
    await withStack({}, async (stack) => {
      const before = await post(stack, JSON.stringify({ query: "{ __typename }" }));
      expect(before.headers.connection).toBe("keep-alive");
      stack.drain();
      const during = await post(stack, JSON.stringify({ query: "{ __typename }" }));
      expect(during.status).toBe(200);
      expect(during.headers.connection).toBe("close");
    });
  });
});

/** A server of its own, without emulators (these tests never reach a source), not yet listening. */
const plainServer = async ({ ownSchema = false } = {}) =>
  createServer(
    { ...loadConfig({ SANDBOX: "false", LOG_LEVEL: "silent" }), port: 0 },
    { logger: silentLogger, ...(ownSchema ? {} : { schema: await sharedSchema() }) },
  );

describe("the URL listen() returns", () => {
  it("names the host it listens on, or localhost when it listens on every interface", async () => {
    const hosts: [string | undefined, RegExp][] = [
      ["127.0.0.1", /^http:\/\/127\.0\.0\.1:\d+\/graphql$/],
      ["0.0.0.0", /^http:\/\/localhost:\d+\/graphql$/],
      ["::", /^http:\/\/localhost:\d+\/graphql$/],
      [undefined, /^http:\/\/localhost:\d+\/graphql$/],
    ];
    for (const [host, expected] of hosts) {
      // The first builds its own schema, as the entry point's server does.
      const server = await plainServer({ ownSchema: host === "127.0.0.1" });
      try {
        expect(await server.listen(0, host), String(host)).toMatch(expected);
      } finally {
        await server.stop();
      }
    }
  });

  it("once stopped, answers nothing more", async () => {
    const server = await plainServer();
    const url = await server.listen(0, "127.0.0.1");
    // A connection per request: a kept-alive one would end in a reset rather than a refusal.
    const ask = () =>
      axios.post(url, { query: "{ __typename }" }, { httpAgent: new http.Agent({ keepAlive: false }) });
    expect((await ask()).status).toBe(200);
    await server.stop();
    await expect(ask()).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(server.readiness.phase).toBe("draining");
  });

  it("rejects when the port is taken, instead of waiting for ever", async () => {
    const [first, second] = await Promise.all([plainServer(), plainServer()]);
    try {
      const port = new URL(await first.listen(0, "127.0.0.1")).port;
      await expect(second.listen(Number(port), "127.0.0.1")).rejects.toMatchObject({ code: "EADDRINUSE" });
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
