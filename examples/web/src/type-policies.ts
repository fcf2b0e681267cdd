import type { TypePolicies } from "@apollo/client";

/**
 * Apollo Client cache policies for the profile graph (the README's "Apollo Client cache" shows this same block):
 * `new InMemoryCache({ typePolicies: profileTypePolicies })`.
 *
 * `User` is the only entity (normalised as `User:<id>`, so select `id`). Everything below it has no id of its own
 * and belongs to exactly one User, so two queries that select different fields of it must merge, not replace each
 * other (replacing makes each query's fields vanish for the other, which then refetches). A merged value and its
 * source are replaced together, and so are lists. The merged profile and the viewer-only sources depend on who
 * asks: clear the cache (`client.resetStore()`) when the signed-in user changes.
 */
export const profileTypePolicies: TypePolicies = {
  Query: {
    fields: {
      // user(id:) reads a User that a list already brought into the cache.
      user: {
        read: (existing, { args, toReference }) =>
          existing ??
          (typeof args?.id === "string" ? toReference({ __typename: "User", id: args.id }) : undefined),
      },
    },
  },
  User: { keyFields: ["id"] },
  // One per User, no id of their own: merge field by field across queries.
  UnifiedProfile: { merge: true },
  TencentImProfile: { merge: true, fields: { customTags: { merge: false } } },
  QuectelEndUser: { merge: true },
  QuectelLinkedAccounts: { merge: true },
  OneAccessProfile: { merge: true },
  AlipayPlusUserInfo: { merge: true, fields: { loginIds: { merge: false }, contacts: { merge: false } } },
  AlipayPlusName: { merge: true },
  // A value and its source belong together: replaced whole, never mixed from two answers.
  ProfileText: { merge: false },
  ProfileGender: { merge: false },
  ProfileDate: { merge: false },
};
