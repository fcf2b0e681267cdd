import { GraphQLLocalDate } from "graphql-scalars";
import type { GraphQLScalarType } from "graphql";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { SOURCES, type SourceName } from "../../providers/registry.js";
import { Gender } from "../shared/gender.enum.js";

/**
 * The sources, as provenance: one value per registered source. The GraphQL values are spelled exactly like the
 * `User` field of the source, the `extensions.source` of its errors and the names in PROFILE_PRECEDENCE, so a
 * client matches them without a mapping table (`profile.email.source === error.extensions.source`).
 */
export const ProfileSource = Object.fromEntries(SOURCES.map(({ name }) => [name, name])) as Record<
  SourceName,
  SourceName
>;
export type ProfileSource = SourceName;

registerEnumType(ProfileSource, {
  name: "ProfileSource",
  description:
    "One of the profile sources. Each value is spelled exactly like the User field that holds everything " +
    "the source knows, and like `extensions.source` on that source's errors, so a client can match a merged " +
    "value's source with a failed source without a mapping table.",
  valuesConfig: Object.fromEntries(
    SOURCES.map(({ name, label, access }) => [
      name,
      {
        description: `${label}, whose data User.${name} holds${access.kind === "viewer" ? " (signed-in user only)" : ""}.`,
      },
    ]),
  ),
});

/**
 * A merged value and the source it came from, for one kind of value (type-graphql's generic type pattern): every
 * `Profile*` type has the same two fields and differs only by the value's GraphQL type.
 */
function ProfileValue<Value>(
  name: string,
  valueType: () => GraphQLScalarType | typeof Gender | StringConstructor,
  descriptions: { type: string; value: string },
) {
  @ObjectType(name, { description: descriptions.type })
  class ProfileValueOf {
    @Field(valueType, { description: descriptions.value })
    value!: Value;

    @Field(() => ProfileSource, {
      description: "The source whose value this is (the first in precedence that had one).",
    })
    source!: ProfileSource;
  }
  return ProfileValueOf;
}

export const ProfileText = ProfileValue<string>("ProfileText", () => String, {
  type:
    "A merged text value and the source it came from. The two belong together: a value is never shown with " +
    "another value's source.",
  value: "The value, normalised as the UnifiedProfile field describes; never empty.",
});
export const ProfileGender = ProfileValue<Gender>("ProfileGender", () => Gender, {
  type: "A merged gender and the source it came from.",
  value: "The gender; UNKNOWN only when no source in precedence knows better.",
});
export const ProfileDate = ProfileValue<string>("ProfileDate", () => GraphQLLocalDate, {
  type: "A merged calendar date and the source it came from.",
  value: "The date as YYYY-MM-DD, with no time and no time zone.",
});
