import { GraphQLLocalDate } from "graphql-scalars";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import type { SourceName } from "../../errors.js";
import { Gender } from "../shared/gender.enum.js";

/** The four sources, as provenance. Internal values are the source field names (tencentIm, …). */
export enum ProfileSource {
  ONE_ACCESS = "oneAccess",
  ALIPAY_PLUS = "alipayPlus",
  TENCENT_IM = "tencentIm",
  QUECTEL = "quectel",
}

registerEnumType(ProfileSource, {
  name: "ProfileSource",
  description:
    "Which source a merged profile value came from (the User field of the same name holds all of it).",
});

export const toProfileSource = (source: SourceName): ProfileSource => source as ProfileSource;

@ObjectType({ description: "A merged text value and the source it came from." })
export class ProfileText {
  @Field(() => String)
  value!: string;

  @Field(() => ProfileSource)
  source!: ProfileSource;
}

@ObjectType({ description: "A merged gender and the source it came from." })
export class ProfileGender {
  @Field(() => Gender)
  value!: Gender;

  @Field(() => ProfileSource)
  source!: ProfileSource;
}

@ObjectType({ description: "A merged date and the source it came from." })
export class ProfileDate {
  @Field(() => GraphQLLocalDate)
  value!: string;

  @Field(() => ProfileSource)
  source!: ProfileSource;
}
