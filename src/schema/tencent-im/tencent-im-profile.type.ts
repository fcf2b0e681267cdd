import { GraphQLLocalDate } from "graphql-scalars";
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Gender } from "../shared/gender.enum.js";
import {
  ImAdminForbidType,
  ImAllowType,
  type ImCustomTag,
  type TencentImProfileRecord,
} from "../../providers/tencent-im/model.js";

registerEnumType(ImAllowType, {
  name: "TencentImAllowType",
  description: "Who may add the user as a friend in Tencent Cloud Chat (Tag_Profile_IM_AllowType).",
  valuesConfig: {
    NEED_CONFIRM: { description: "Anyone may ask; the user confirms each request." },
    ALLOW_ANY: { description: "Anyone may add the user without confirmation." },
    DENY_ANY: { description: "No one may add the user." },
  },
});
registerEnumType(ImAdminForbidType, {
  name: "TencentImAdminForbidType",
  description:
    "Whether an administrator has muted the user in Tencent Cloud Chat (Tag_Profile_IM_AdminForbidType).",
  valuesConfig: {
    NONE: { description: "Not muted: the user may send messages." },
    SEND_OUT: { description: "Muted by an administrator: the user may not send messages." },
  },
});

@ObjectType({
  description:
    "A custom profile tag the app defined in Tencent Cloud Chat (Tag_Profile_Custom_<tag>), with the user's value.",
})
export class TencentImCustomTag implements ImCustomTag {
  @Field(() => String, { description: "The tag's name without the Tag_Profile_Custom_ prefix, e.g. Test." })
  tag!: string;

  @Field(() => String, {
    description: "The user's value for the tag, as text (byte values decoded as UTF-8).",
  })
  value!: string;
}

/**
 * Public names follow the graph's naming scheme; the record keeps the provider's (`nick`, `accountId`, …), so the
 * renamed fields name their record property. `birthdayRaw` is resolved as text by TencentImProfileResolver.
 */
@ObjectType({
  description:
    "The user's Tencent Cloud Chat (IM) profile from portrait_get, decoded by tag type. Each field is null when " +
    "the user has not set the tag.",
})
export class TencentImProfile implements TencentImProfileRecord {
  @Field(() => ID, { name: "userId", description: "The user's IM account id (UserID); equal to User.id." })
  accountId!: string;

  @Field(() => String, {
    name: "nickname",
    nullable: true,
    description: "The nickname the user chose (Tag_Profile_IM_Nick).",
  })
  nick!: string | null;

  @Field(() => Gender, {
    nullable: true,
    description:
      "The gender (Tag_Profile_IM_Gender); null when Tencent sent a value this service does not know.",
  })
  gender!: Gender | null;

  @Field(() => String, {
    nullable: true,
    description: "Tag_Profile_IM_Gender as Tencent sent it, e.g. Gender_Type_Female.",
  })
  genderRaw!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: "The date of birth (YYYY-MM-DD); null when unset or not a calendar date (see birthdayRaw).",
  })
  birthday!: string | null;

  /** Resolved as text by TencentImProfileResolver.birthdayRaw. */
  birthdayRaw!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Where the user is (Tag_Profile_IM_Location), in a format the app defines, e.g. CN-GD-SZ.",
  })
  location!: string | null;

  @Field(() => String, {
    name: "signature",
    nullable: true,
    description: "The user's personal signature, a short status line (Tag_Profile_IM_SelfSignature).",
  })
  selfSignature!: string | null;

  @Field(() => ImAllowType, {
    nullable: true,
    description:
      "Who may add the user as a friend; null when Tencent sent a value this service does not know.",
  })
  allowType!: ImAllowType | null;

  @Field(() => String, {
    nullable: true,
    description: "Tag_Profile_IM_AllowType as Tencent sent it, e.g. AllowType_Type_NeedConfirm.",
  })
  allowTypeRaw!: string | null;

  @Field(() => Int, {
    name: "languageId",
    nullable: true,
    description:
      "Tag_Profile_IM_Language: a number whose meaning the app defines (Tencent publishes no list). Not a " +
      "language tag: UnifiedProfile.language is one.",
  })
  language!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "An absolute URL of the avatar image (Tag_Profile_IM_Image).",
  })
  avatarUrl!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Message settings bit field (Tag_Profile_IM_MsgSettings): bit 0 set means the user does not receive " +
      "messages; other bits are reserved.",
  })
  messageSettings!: number | null;

  @Field(() => ImAdminForbidType, {
    nullable: true,
    description: "Whether an administrator has muted the user; null when unset or a value not known here.",
  })
  adminForbidType!: ImAdminForbidType | null;

  @Field(() => Int, {
    nullable: true,
    description: "The user's level (Tag_Profile_IM_Level), a number the app defines.",
  })
  level!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "The user's role (Tag_Profile_IM_Role), a number the app defines.",
  })
  role!: number | null;

  @Field(() => [TencentImCustomTag], {
    description:
      "The custom tags this deployment exposes (TENCENT_IM_CUSTOM_TAGS) that the user has a value for; empty " +
      "when none.",
  })
  customTags!: TencentImCustomTag[];
}
