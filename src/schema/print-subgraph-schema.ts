import { fileURLToPath } from "node:url";
import { printSubgraphSchema } from "@apollo/subgraph";
import { buildProfileSubgraphSchema } from "./build-subgraph-schema.js";

/** The committed SDL, for routers, composition checks and code generation. */
export const SUBGRAPH_SCHEMA_FILE = fileURLToPath(new URL("../../schema/schema.graphql", import.meta.url));

/** The subgraph SDL with its federation directives (type-graphql's own printer would drop them). */
export async function printProfileSubgraphSchema(): Promise<string> {
  return `${printSubgraphSchema(await buildProfileSubgraphSchema())}\n`;
}
