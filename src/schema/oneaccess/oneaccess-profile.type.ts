import { GraphQLJSON, GraphQLLocalDate } from "graphql-scalars";
import { Directive, Field, ObjectType } from "type-graphql";
import type { OneAccessProfileRecord } from "../../providers/one-access/model.js";
import { Gender } from "../shared/gender.enum.js";

@ObjectType({ description: "The signed-in user's Huawei OneAccess profile (SDK profile API)." })
export class OneAccessProfile implements OneAccessProfileRecord {
  @Field(() => String, { nullable: true, description: "user_name: the OneAccess login name." })
  userName!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true, description: "attr_nick_name." })
  nickname!: string | null;

  @Field(() => String, { nullable: true })
  firstName!: string | null;

  @Field(() => String, { nullable: true })
  middleName!: string | null;

  @Field(() => String, { nullable: true })
  lastName!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => String, { nullable: true })
  email!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => String, { nullable: true })
  mobile!: string | null;

  @Field(() => String, { nullable: true, description: "head_img." })
  avatarUrl!: string | null;

  @Field(() => Gender, { nullable: true, description: "attr_gender (female, male, unknown or unknow)." })
  gender!: Gender | null;

  @Directive('@tag(name: "pii")')
  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: "attr_birthday when it parses (yyyy-MM-dd, or forms such as Feb 17, 2022); null otherwise.",
  })
  birthday!: string | null;

  @Field(() => String, { nullable: true, description: "attr_birthday as OneAccess sent it." })
  birthdayRaw!: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: "extension: the tenant's extended attributes." })
  extension!: unknown;
}
