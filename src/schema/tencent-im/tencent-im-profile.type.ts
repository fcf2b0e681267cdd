import { GraphQLLocalDate } from "graphql-scalars";
import { Directive, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Gender } from "../shared/gender.enum.js";
import {
  ImAdminForbidType,
  ImAllowType,
  type ImCustomTag,
  type TencentImProfileRecord,
} from "../../providers/tencent-im/model.js";

registerEnumType(ImAllowType, {
  name: "ImAllowType",
  description: "Who may add the user as a friend in Tencent Cloud Chat.",
});
registerEnumType(ImAdminForbidType, {
  name: "ImAdminForbidType",
  description: "Whether an administrator has muted the user in Tencent Cloud Chat.",
});

@ObjectType({ description: "An app-defined Tencent IM profile tag (Tag_Profile_Custom_<tag>)." })
export class ImCustomTagValue implements ImCustomTag {
  @Field(() => String, { description: "The tag's name without the Tag_Profile_Custom_ prefix." })
  tag!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType({ description: "The user's Tencent Cloud Chat profile (portrait_get), decoded by tag type." })
export class TencentImProfile implements TencentImProfileRecord {
  @Field(() => String, { description: "The IM account id (equal to the User id)." })
  accountId!: string;

  @Field(() => String, { nullable: true, description: "Tag_Profile_IM_Nick." })
  nick!: string | null;

  @Field(() => Gender, { nullable: true, description: "Tag_Profile_IM_Gender, normalised." })
  gender!: Gender | null;

  @Field(() => String, { nullable: true, description: "Tag_Profile_IM_Gender as Tencent wrote it." })
  genderRaw!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => GraphQLLocalDate, { nullable: true, description: "Tag_Profile_IM_BirthDay as a date." })
  birthday!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Tag_Profile_IM_BirthDay as Tencent wrote it (yyyymmdd).",
  })
  birthdayRaw!: number | null;

  @Field(() => String, { nullable: true, description: "Tag_Profile_IM_Location (app-defined)." })
  location!: string | null;

  @Field(() => String, { nullable: true, description: "Tag_Profile_IM_SelfSignature." })
  selfSignature!: string | null;

  @Field(() => ImAllowType, { nullable: true, description: "Tag_Profile_IM_AllowType, normalised." })
  allowType!: ImAllowType | null;

  @Field(() => String, { nullable: true, description: "Tag_Profile_IM_AllowType as Tencent wrote it." })
  allowTypeRaw!: string | null;

  @Field(() => Int, { nullable: true, description: "Tag_Profile_IM_Language (app-defined code)." })
  language!: number | null;

  @Field(() => String, { nullable: true, description: "Tag_Profile_IM_Image: the avatar URL." })
  avatarUrl!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Tag_Profile_IM_MsgSettings bit field; bit 0 set means the user does not receive messages.",
  })
  messageSettings!: number | null;

  @Field(() => ImAdminForbidType, {
    nullable: true,
    description: "Tag_Profile_IM_AdminForbidType, normalised.",
  })
  adminForbidType!: ImAdminForbidType | null;

  @Field(() => Int, { nullable: true, description: "Tag_Profile_IM_Level." })
  level!: number | null;

  @Field(() => Int, { nullable: true, description: "Tag_Profile_IM_Role." })
  role!: number | null;

  @Field(() => [ImCustomTagValue], {
    description: "The configured custom tags that the user has a value for.",
  })
  customTags!: ImCustomTagValue[];
}
