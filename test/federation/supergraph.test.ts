import { readFile } from "node:fs/promises";
import { composeServices, type CompositionResult } from "@apollo/composition";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import axios from "axios";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { SUBGRAPH_SCHEMA_FILE } from "../../src/schema/print-subgraph-schema.js";
import { CLIENT_HEADERS_TO_FORWARD } from "../support/forwarded-headers.js";
import { startStack, viewerHeaders, type Stack } from "../support/stack.js";
import { REVIEWS_SDL, startReviewsSubgraph } from "./reviews-subgraph.js";

/**
 * What the README's router configs send this subgraph: the client's credential headers, and x-user-id (which a
 * real router sets from the validated token; this test gateway takes it from the test's request).
 */
const FORWARDED_HEADERS = ["x-user-id", ...CLIENT_HEADERS_TO_FORWARD];

interface Author {
  id: string;
  tencentIm: { nickname: string } | null;
  profile?: { displayName: { value: string; source: string } | null };
}

interface GatewayResponse {
  data?: { reviews?: { id: string; author: Author }[]; me?: unknown } | null;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
}

interface GatewayContext {
  headers: Record<string, string | string[] | undefined>;
}

describe("the subgraph in a real supergraph: @apollo/composition and @apollo/gateway over HTTP", () => {
  let stack: Stack;
  let reviews: { url: string; stop(): Promise<void> };
  let composition: CompositionResult;
  let gatewayServer: ApolloServer<GatewayContext>;
  let gatewayUrl: string;

  beforeAll(async () => {
    stack = await startStack();
    reviews = await startReviewsSubgraph();
    composition = composeServices([
      {
        name: "profiles",
        typeDefs: parse(await readFile(SUBGRAPH_SCHEMA_FILE, "utf8")),
        url: stack.graphqlUrl,
      },
      { name: "reviews", typeDefs: REVIEWS_SDL, url: reviews.url },
    ]);
    if (composition.errors) throw new Error(composition.errors.map((error) => error.message).join("\n"));

    const gateway = new ApolloGateway({
      supergraphSdl: composition.supergraphSdl,
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<GatewayContext>({
          url,
          willSendRequest({ request, context }) {
            for (const name of FORWARDED_HEADERS) {
              const value = context.headers?.[name];
              if (typeof value === "string") request.http?.headers.set(name, value);
            }
          },
        }),
    });
    // @apollo/gateway 2 implements the gateway interface Apollo Server 5 drives; only their type packages differ.
    gatewayServer = new ApolloServer<GatewayContext>({ gateway: gateway as never });
    ({ url: gatewayUrl } = await startStandaloneServer(gatewayServer, {
      listen: { port: 0, host: "127.0.0.1" },
      context: async ({ req }) => ({ headers: req.headers }),
    }));
  });

  afterAll(async () => {
    await gatewayServer?.stop();
    await reviews?.stop();
    await stack?.close();
  });

  const query = async (text: string, headers: Record<string, string> = {}) =>
    (
      await axios.post(
        gatewayUrl,
        { query: text },
        { headers: { "content-type": "application/json", ...headers }, validateStatus: () => true },
      )
    ).data as GatewayResponse;

  it("composes without errors and without warnings", () => {
    expect(composition.errors).toBeUndefined();
    const warnings = (composition.hints ?? []).filter((hint) => hint.definition.level.name === "WARN");
    expect(warnings.map((hint) => hint.toString())).toEqual([]);
  });

  it("the supergraph carries the entity, the tags, and hides the inaccessible field from the API", async () => {
    const sdl = composition.supergraphSdl;
    expect(sdl).toMatch(
      /type User\s+@join__type\(graph: PROFILES, key: "id"\)\s+@join__type\(graph: REVIEWS, key: "id", resolvable: false\)/,
    );
    expect(sdl).toContain('@tag(name: "viewer-only")');
    expect(sdl).toContain('@tag(name: "pii")');
    const hidden = await query("{ sourceStatus { source } }");
    expect(hidden.errors?.[0]?.message).toMatch(/Cannot query field "sourceStatus"/);
  });

  it("250 reviews with their authors' tencentIm and profile: correct data, exactly 3 portrait_get calls", async () => {
    stack.im.reset();
    const result = await query(`{
      reviews(first: 250) {
        id
        author { id tencentIm { nickname } profile { displayName { value source } } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const reviewsOut: { id: string; author: Author }[] = result.data?.reviews ?? [];
    expect(reviewsOut).toHaveLength(250);
    expect(reviewsOut[6]).toEqual({
      id: "r7",
      author: {
        id: "u7",
        tencentIm: { nickname: "Hana Rossi" },
        profile: { displayName: { value: "Hana Rossi", source: "tencentIm" } },
      },
    });
    expect(
      reviewsOut.every((review, i) => review.author.id === `u${i + 1}` && review.author.tencentIm?.nickname),
    ).toBe(true);
    expect(stack.im.stats.get(PORTRAIT_GET_PATH)).toMatchObject({ calls: 3, accounts: 250, maxBatch: 100 });
  });

  it("viewer-only sources work through the router when it forwards the documented headers", async () => {
    const result = await query(
      "{ me { id oneAccess { loginName } alipayPlus { userId } profile { email { value source } } } }",
      viewerHeaders("u3"),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.me).toEqual({
      id: "u3",
      oneAccess: { loginName: "user3" },
      alipayPlus: { userId: "2160000000000003" },
      profile: { email: { value: "u3@oneaccess.example.com", source: "oneAccess" } },
    });
  });

  it("a failed source through the router: null, with its error's path and extensions intact", async () => {
    stack.im.faults.callErrorCode = 70107;
    try {
      const result = await query("{ reviews(first: 2) { id author { id tencentIm { nickname } } } }");
      expect(result.data?.reviews).toEqual([
        { id: "r1", author: { id: "u1", tencentIm: null } },
        { id: "r2", author: { id: "u2", tencentIm: null } },
      ]);
      expect(result.errors?.[0]).toMatchObject({
        path: ["reviews", 0, "author", "tencentIm"],
        extensions: { code: "SOURCE_UNAVAILABLE", source: "tencentIm", providerCode: 70107 },
      });
    } finally {
      stack.im.reset();
    }
  });
});
