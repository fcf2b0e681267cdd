import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import { SUBGRAPH_SCHEMA_FILE, printProfileSubgraphSchema } from "../src/schema/print-subgraph-schema.js";
import { CLIENT_SCHEMA_FILE, printClientSchema } from "./client-schema.js";

/** `npm run schema`: rewrites schema/schema.graphql (for routers) and schema/client.graphql (for clients). */
const subgraphSdl = await printProfileSubgraphSchema();
await writeFile(SUBGRAPH_SCHEMA_FILE, subgraphSdl);
await writeFile(CLIENT_SCHEMA_FILE, printClientSchema(subgraphSdl));
process.stdout.write(`Wrote ${SUBGRAPH_SCHEMA_FILE}\nWrote ${CLIENT_SCHEMA_FILE}\n`);
