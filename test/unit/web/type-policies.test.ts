import { readFile } from "node:fs/promises";
import { format } from "node:util";
import { InMemoryCache, gql } from "@apollo/client";
import {
  buildSchema,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
} from "graphql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { profileTypePolicies } from "../../../examples/web/src/type-policies.js";

const CLIENT_SCHEMA = new URL("../../../schema/client.graphql", import.meta.url);

const listQuery = gql`
  query List {
    users(ids: ["u1"]) {
      id
      tencentIm {
        nickname
      }
      profile {
        displayName {
          value
          source
        }
        timezone {
          value
          source
        }
      }
    }
  }
`;
const viewerQuery = gql`
  query Viewer {
    me {
      id
      tencentIm {
        avatarUrl
      }
      profile {
        displayName {
          value
          source
        }
        phone {
          value
          source
        }
      }
    }
  }
`;

const text = (value: string, source: string) => ({ __typename: "ProfileText", value, source });
const user = (fields: Record<string, unknown>) => ({ __typename: "User", id: "u1", ...fields });

describe("profileTypePolicies (examples/web/src/type-policies.ts)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("two queries selecting different fields of one User's profile and source objects both stay complete", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const cache = new InMemoryCache({ typePolicies: profileTypePolicies });
    cache.writeQuery({
      query: listQuery,
      data: {
        users: [
          user({
            tencentIm: { __typename: "TencentImProfile", nickname: "Bo" },
            profile: {
              __typename: "UnifiedProfile",
              displayName: text("Bo", "tencentIm"),
              timezone: text("Asia/Shanghai", "quectel"),
            },
          }),
        ],
      },
    });
    cache.writeQuery({
      query: viewerQuery,
      data: {
        me: user({
          tencentIm: { __typename: "TencentImProfile", avatarUrl: "https://a.example/u1.png" },
          profile: {
            __typename: "UnifiedProfile",
            displayName: text("bo1", "oneAccess"),
            phone: text("+8613800000001", "alipayPlus"),
          },
        }),
      },
    });
    // The later answer wins where both selected a field; each keeps the fields only it selected.
    expect(cache.readQuery({ query: listQuery })).toEqual({
      users: [
        user({
          tencentIm: { __typename: "TencentImProfile", nickname: "Bo" },
          profile: {
            __typename: "UnifiedProfile",
            displayName: text("bo1", "oneAccess"),
            timezone: text("Asia/Shanghai", "quectel"),
          },
        }),
      ],
    });
    expect(cache.readQuery<{ me: unknown }>({ query: viewerQuery })?.me).toMatchObject({
      profile: { phone: text("+8613800000001", "alipayPlus") },
      tencentIm: { avatarUrl: "https://a.example/u1.png" },
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it("without the policies the same two writes lose the list's data (what the policies are for)", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const cache = new InMemoryCache();
    cache.writeQuery({
      query: listQuery,
      data: {
        users: [
          user({
            tencentIm: { __typename: "TencentImProfile", nickname: "Bo" },
            profile: {
              __typename: "UnifiedProfile",
              displayName: text("Bo", "tencentIm"),
              timezone: text("Asia/Shanghai", "quectel"),
            },
          }),
        ],
      },
    });
    cache.writeQuery({
      query: viewerQuery,
      data: {
        me: user({
          tencentIm: { __typename: "TencentImProfile", avatarUrl: "https://a.example/u1.png" },
          profile: {
            __typename: "UnifiedProfile",
            displayName: text("bo1", "oneAccess"),
            phone: text("+8613800000001", "alipayPlus"),
          },
        }),
      },
    });
    expect(cache.readQuery({ query: listQuery })).toBeNull();
    expect(warn.mock.calls.map((call) => format(...call))).toContainEqual(
      expect.stringMatching(/Cache data may be lost when replacing the profile field of a User object/),
    );
  });

  it("a merged value and its source are replaced together, never mixed from two answers", () => {
    const cache = new InMemoryCache({ typePolicies: profileTypePolicies });
    const query = gql`
      query {
        user(id: "u1") {
          id
          profile {
            email {
              value
              source
            }
          }
        }
      }
    `;
    const write = (email: unknown) =>
      cache.writeQuery({ query, data: { user: user({ profile: { __typename: "UnifiedProfile", email } }) } });
    write(text("a@oneaccess.example.com", "oneAccess"));
    write(text("b@quectel.example.com", "quectel"));
    expect(cache.readQuery<{ user: { profile: { email: unknown } } }>({ query })?.user.profile.email).toEqual(
      text("b@quectel.example.com", "quectel"),
    );
  });

  it("user(id:) reads a User that a list already brought into the cache", () => {
    const cache = new InMemoryCache({ typePolicies: profileTypePolicies });
    cache.writeQuery({
      query: gql`
        query {
          users(ids: ["u1"]) {
            id
            tencentIm {
              nickname
            }
          }
        }
      `,
      data: { users: [user({ tencentIm: { __typename: "TencentImProfile", nickname: "Bo" } })] },
    });
    const single = gql`
      query ($id: ID!) {
        user(id: $id) {
          id
          tencentIm {
            nickname
          }
        }
      }
    `;
    expect(cache.readQuery({ query: single, variables: { id: "u1" } })).toEqual({
      user: user({ tencentIm: { __typename: "TencentImProfile", nickname: "Bo" } }),
    });
    expect(cache.readQuery({ query: single, variables: { id: "u2" } })).toBeNull();
  });

  it("covers the client schema: every object below User without an id says whether it merges", async () => {
    const schema = buildSchema(await readFile(CLIENT_SCHEMA, "utf8"));
    const undecided: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__") || type.name === "Query") continue;
      for (const field of Object.values(type.getFields())) {
        const child = getNamedType(field.type);
        if (!isObjectType(child) || "id" in child.getFields()) continue;
        const decided = isList(field.type)
          ? profileTypePolicies[type.name]?.fields?.[field.name]
          : profileTypePolicies[child.name]?.merge;
        if (decided === undefined || (isList(field.type) && !("merge" in Object(decided)))) {
          undecided.push(`${type.name}.${field.name}: ${child.name}`);
        }
      }
    }
    expect(undecided).toEqual([]);
  });
});

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}
