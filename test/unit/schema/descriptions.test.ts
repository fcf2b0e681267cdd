import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { buildProfileSubgraphSchema } from "../../../src/schema/build-subgraph-schema.js";

/** What buildSubgraphSchema adds: the router's business, never a client's. */
const FEDERATION_INTERNALS = /^(_Any|_Entity|_Service|_service|_entities|link__.*|federation__.*)$/;

/**
 * Every public type, field, argument and enum value of `schema` whose description is missing or says nothing a
 * frontend developer could use: fewer than three plain words once vendor wire names (anything with `_` or an
 * inner capital, like Tag_Profile_IM_Nick or contactNo) and parenthesised asides are set aside.
 */
export function poorlyDescribed(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  const check = (where: string, description: string | null | undefined) => {
    if (!description?.trim()) problems.push(`${where}: no description`);
    else if (plainWords(description) < 3) problems.push(`${where}: "${description}" says too little`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type) || FEDERATION_INTERNALS.test(type.name))
      continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (FEDERATION_INTERNALS.test(field.name)) continue;
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of "args" in field ? field.args : []) {
          check(`${type.name}.${field.name}(${arg.name})`, arg.description);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return problems;
}

function plainWords(description: string): number {
  return description
    .replace(/\([^)]*\)/g, " ")
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ""))
    .filter((word) => /^\p{L}+$/u.test(word) && !/\p{Ll}\p{Lu}/u.test(word)).length;
}

describe("descriptions: every public type, field, argument and enum value says what it means", () => {
  it("the graph has none missing and none that only repeat a wire name", async () => {
    expect(poorlyDescribed(await buildProfileSubgraphSchema())).toEqual([]);
  });

  it("the check finds a missing description, a bare wire name, and an undescribed argument and enum value", () => {
    const schema = buildSchema(`
      """A thing a frontend shows."""
      type Query {
        """The thing with this id, or null when none has it."""
        thing(id: ID!): Thing
      }
      """A thing with a name and a kind."""
      type Thing {
        """Tag_Profile_IM_Nick."""
        nick: String
        """The kind of thing it is."""
        kind: Kind
        size: Int
      }
      """What kind of thing it is."""
      enum Kind {
        """A small thing that fits in a hand."""
        SMALL
        LARGE
      }
    `);
    expect(poorlyDescribed(schema)).toEqual([
      "Query.thing(id): no description",
      'Thing.nick: "Tag_Profile_IM_Nick." says too little',
      "Thing.size: no description",
      "Kind.LARGE: no description",
    ]);
  });
});
