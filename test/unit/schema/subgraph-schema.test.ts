import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  SUBGRAPH_SCHEMA_FILE,
  printProfileSubgraphSchema,
} from "../../../src/schema/print-subgraph-schema.js";

describe("schema/schema.graphql", () => {
  it("is the SDL the code prints today (run `npm run schema` after changing the graph)", async () => {
    const committed = await readFile(SUBGRAPH_SCHEMA_FILE, "utf8");
    expect(committed).toBe(await printProfileSubgraphSchema());
  });

  it("links Federation 2 with the directives a shared User needs, and keys User by id", async () => {
    const sdl = await printProfileSubgraphSchema();
    expect(sdl).toMatch(
      /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+", import: \["@key", "@shareable", "@tag", "@inaccessible"\]\)/,
    );
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
  });
});
