import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import { SUBGRAPH_SCHEMA_FILE, printProfileSubgraphSchema } from "../src/schema/print-subgraph-schema.js";

/** `npm run schema`: rewrites schema/schema.graphql from the code. */
await writeFile(SUBGRAPH_SCHEMA_FILE, await printProfileSubgraphSchema());
process.stdout.write(`Wrote ${SUBGRAPH_SCHEMA_FILE}\n`);
