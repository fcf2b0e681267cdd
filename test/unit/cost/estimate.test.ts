import "reflect-metadata";
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { estimateCost } from "../../../src/cost/estimate.js";
import { buildProfileSubgraphSchema } from "../../../src/schema/build-subgraph-schema.js";

let schema: Awaited<ReturnType<typeof buildProfileSubgraphSchema>>;
beforeAll(async () => {
  schema = await buildProfileSubgraphSchema();
});

/** The operation and fragments of a document, as Apollo Server hands them to the cost plugin. */
function operationOf(text: string) {
  const document = parse(text);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return { operation, fragments };
}

const ids = (count: number) => Array.from({ length: count }, (_, i) => `u${i}`);

describe("estimateCost", () => {
  it("counts one operation node anew for each request's variables (the document's part is worked out once)", () => {
    const { operation, fragments } = operationOf(
      "query ($ids: [ID!]!) { users(ids: $ids) { id tencentIm { nickname } profile { displayName { value } } } }",
    );
    const large = estimateCost(schema, operation, fragments, { ids: ids(250) });
    const small = estimateCost(schema, operation, fragments, { ids: ["a", "b", "a"] });
    const largeAgain = estimateCost(schema, operation, fragments, { ids: ids(250) });

    // Per user: id, tencentIm and its nickname, profile, displayName and its value: 6 fields.
    expect(large).toEqual({
      users: 250,
      calls: { oneAccess: 1, alipayPlus: 1, tencentIm: 3, quectel: 250 },
      resultSize: 1 + 250 * 6,
      aliases: 0,
      depth: 4,
      largestIdList: 250,
    });
    expect(small).toEqual({
      users: 2,
      calls: { oneAccess: 1, alipayPlus: 1, tencentIm: 1, quectel: 2 },
      resultSize: 1 + 3 * 6,
      aliases: 0,
      depth: 4,
      largestIdList: 3,
    });
    expect(largeAgain).toEqual(large);
  });

  it("counts a user once across root fields and fragments, each source for the fields that ask it", () => {
    const { operation, fragments } = operationOf(`
      query ($id: ID!) {
        a: user(id: $id) { quectel { userId } ...Wallet }
        b: users(ids: ["x", $id]) { tencentIm { nickname } }
        me { oneAccess { userId } }
      }
      fragment Wallet on User { alipayPlus { userId } }`);

    expect(estimateCost(schema, operation, fragments, { id: "x" }, "x")).toEqual({
      users: 1,
      calls: { oneAccess: 1, alipayPlus: 1, tencentIm: 1, quectel: 1 },
      resultSize: 1 + 4 + (1 + 2 * 2) + (1 + 2),
      aliases: 2,
      depth: 3,
      largestIdList: 2,
    });
    // Without a signed-in user, `me` is one more user, and another user's Quectel record one more call.
    expect(estimateCost(schema, operation, fragments, { id: "y" })).toMatchObject({
      users: 3,
      calls: { oneAccess: 1, alipayPlus: 1, tencentIm: 1, quectel: 1 },
      largestIdList: 2,
    });
  });
});
