import { fileURLToPath } from "node:url";
import { composeServices } from "@apollo/composition";
import { parse, printSchema } from "graphql";

/** The committed client schema: what frontends and their tools (codegen, IDE plugins) load. */
export const CLIENT_SCHEMA_FILE = fileURLToPath(new URL("../schema/client.graphql", import.meta.url));

/**
 * The API schema clients see through a router: the subgraph composed on its own, as a router would, then stripped
 * the way a router strips it (federation internals, join and link machinery, `@inaccessible` elements and the
 * `@tag` metadata are gone). Plain GraphQL that any tool loads.
 */
export function printClientSchema(subgraphSdl: string): string {
  const composition = composeServices([
    { name: "profiles", typeDefs: parse(subgraphSdl), url: "http://profiles.invalid/graphql" },
  ]);
  if (composition.errors) {
    throw new Error(
      `The subgraph does not compose: ${composition.errors.map((error) => error.message).join("; ")}`,
    );
  }
  const api = composition.schema.toAPISchema().toGraphQLJSSchema();
  return `${printSchema(api)}\n`;
}
