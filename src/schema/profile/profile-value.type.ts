import { GraphQLLocalDate } from "graphql-scalars";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import type { SourceName } from "../../errors.js";
import { Gender } from "../shared/gender.enum.js";

/**
 * The four sources, as provenance. The GraphQL values are spelled exactly like the `User` field of the source,
 * the `extensions.source` of its errors and the names in PROFILE_PRECEDENCE, so a client matches them without a
 * mapping table (`profile.email.source === error.extensions.source`).
 */
export enum ProfileSource {
  oneAccess = "oneAccess",
  alipayPlus = "alipayPlus",
  tencentIm = "tencentIm",
  quectel = "quectel",
}

registerEnumType(ProfileSource, {
  name: "ProfileSource",
  description:
    "One of the four profile sources. Each value is spelled exactly like the User field that holds everything " +
    "the source knows, and like `extensions.source` on that source's errors, so a client can match a merged " +
    "value's source with a failed source without a mapping table.",
  valuesConfig: {
    oneAccess: { description: "Huawei OneAccess, whose data User.oneAccess holds (signed-in user only)." },
    alipayPlus: {
      description: "The Alipay+ wallet, whose data User.alipayPlus holds (signed-in user only).",
    },
    tencentIm: { description: "Tencent Cloud Chat (IM), whose data User.tencentIm holds." },
    quectel: { description: "The Quectel end-user center, whose data User.quectel holds." },
  },
});

export const toProfileSource = (source: SourceName): ProfileSource => source as ProfileSource;

@ObjectType({
  description:
    "A merged text value and the source it came from. The two belong together: a value is never shown with " +
    "another value's source.",
})
export class ProfileText {
  @Field(() => String, {
    description: "The value, normalised as the UnifiedProfile field describes; never empty.",
  })
  value!: string;

  @Field(() => ProfileSource, {
    description: "The source whose value this is (the first in precedence that had one).",
  })
  source!: ProfileSource;
}

@ObjectType({ description: "A merged gender and the source it came from." })
export class ProfileGender {
  @Field(() => Gender, { description: "The gender; UNKNOWN only when no source in precedence knows better." })
  value!: Gender;

  @Field(() => ProfileSource, {
    description: "The source whose value this is (the first in precedence that had one).",
  })
  source!: ProfileSource;
}

@ObjectType({ description: "A merged calendar date and the source it came from." })
export class ProfileDate {
  @Field(() => GraphQLLocalDate, { description: "The date as YYYY-MM-DD, with no time and no time zone." })
  value!: string;

  @Field(() => ProfileSource, {
    description: "The source whose value this is (the first in precedence that had one).",
  })
  source!: ProfileSource;
}
