import { GraphQLLocalDate } from "graphql-scalars";
import type { GraphQLScalarType } from "graphql";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { SOURCE_NAMES, type SourceName } from "../../providers/registry.js";
import { Gender } from "../shared/gender.enum.js";

/** `tencentIm` → `TENCENT_IM`: GraphQL enum values are constants. */
const constantCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

/**
 * The sources, as provenance: one value per registered source, named after its `User` field (`TENCENT_IM` for
 * `tencentIm`). Internal values are the source names, so a resolver returns the name as it is.
 */
export const ProfileSource = Object.fromEntries(
  SOURCE_NAMES.map((name) => [constantCase(name), name]),
) as Record<string, SourceName>;
export type ProfileSource = SourceName;

registerEnumType(ProfileSource, {
  name: "ProfileSource",
  description:
    "Which source a merged profile value came from (the User field of the same name holds all of it).",
});

/**
 * A merged value and the source it came from, for one kind of value (type-graphql's generic type pattern): every
 * `Profile*` type has the same two fields and differs only by the value's GraphQL type.
 */
function ProfileValue<Value>(
  name: string,
  valueType: () => GraphQLScalarType | typeof Gender | StringConstructor,
  what: string,
) {
  @ObjectType(name, { description: `A merged ${what} and the source it came from.` })
  class ProfileValueOf {
    @Field(valueType)
    value!: Value;

    @Field(() => ProfileSource)
    source!: ProfileSource;
  }
  return ProfileValueOf;
}

export const ProfileText = ProfileValue<string>("ProfileText", () => String, "text value");
export const ProfileGender = ProfileValue<Gender>("ProfileGender", () => Gender, "gender");
export const ProfileDate = ProfileValue<string>("ProfileDate", () => GraphQLLocalDate, "date");
