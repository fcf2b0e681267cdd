import { readFile } from "node:fs/promises";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { CLIENT_SCHEMA_FILE, printClientSchema } from "../../../scripts/client-schema.js";
import { printProfileSubgraphSchema } from "../../../src/schema/print-subgraph-schema.js";

describe("schema/client.graphql, the API schema clients see through a router", () => {
  it("is what the code prints today (run `npm run schema` after changing the graph)", async () => {
    const committed = await readFile(CLIENT_SCHEMA_FILE, "utf8");
    expect(committed).toBe(printClientSchema(await printProfileSubgraphSchema()));
  });

  it("is plain GraphQL: it builds without federation definitions and shows no federation internals", async () => {
    const sdl = await readFile(CLIENT_SCHEMA_FILE, "utf8");
    const schema = buildSchema(sdl);
    expect(schema.getQueryType()?.getFields()).not.toHaveProperty("_entities");
    expect(schema.getQueryType()?.getFields()).not.toHaveProperty("_service");
    expect(schema.getQueryType()?.getFields()).not.toHaveProperty("sourceStatus");
    expect(schema.getType("SourceStatus")).toBeUndefined();
    expect(schema.getType("_Any")).toBeUndefined();
    expect(sdl).not.toMatch(/@(link|key|shareable|tag|inaccessible|join__|federation__)\b/);
  });

  it("answers the operations a client writes, and refuses the subgraph-only ones", async () => {
    const schema = buildSchema(await readFile(CLIENT_SCHEMA_FILE, "utf8"));
    const client = parse(
      "query ($ids: [ID!]!) { users(ids: $ids) { id profile { displayName { value source } } } me { id } }",
    );
    expect(validate(schema, client)).toEqual([]);
    const subgraphOnly = parse("{ sourceStatus { source } _service { sdl } }");
    expect(validate(schema, subgraphOnly).map((error) => error.message)).toEqual([
      'Cannot query field "sourceStatus" on type "Query".',
      'Cannot query field "_service" on type "Query".',
    ]);
  });
});
