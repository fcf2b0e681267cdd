import { GraphQLJSON, GraphQLLocalDate } from "graphql-scalars";
import { Directive, Field, ObjectType } from "type-graphql";
import type { OneAccessProfileRecord } from "../../providers/one-access/model.js";
import { Gender } from "../shared/gender.enum.js";

/** Public names follow the graph's naming scheme; the record keeps its own, so renamed fields name them. */
@ObjectType({
  description:
    "The signed-in user's Huawei OneAccess profile (SDK profile API). Each field is null when OneAccess has no " +
    "value for it.",
})
export class OneAccessProfile implements OneAccessProfileRecord {
  @Field(() => String, {
    name: "loginName",
    nullable: true,
    description: "The name the user signs in to OneAccess with (user_name).",
  })
  userName!: string | null;

  @Field(() => String, { name: "fullName", nullable: true, description: "The user's full name (name)." })
  name!: string | null;

  @Field(() => String, { nullable: true, description: "The nickname the user chose (attr_nick_name)." })
  nickname!: string | null;

  @Field(() => String, { nullable: true, description: "The given name (first_name)." })
  firstName!: string | null;

  @Field(() => String, { nullable: true, description: "The middle name or initial (middle_name)." })
  middleName!: string | null;

  @Field(() => String, { nullable: true, description: "The family name (last_name)." })
  lastName!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => String, { nullable: true, description: "The email address, as OneAccess holds it." })
  email!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => String, {
    name: "phone",
    nullable: true,
    description: "The mobile phone number as OneAccess holds it (+86-13900000001).",
  })
  mobile!: string | null;

  @Field(() => String, { nullable: true, description: "An absolute URL of the avatar image (head_img)." })
  avatarUrl!: string | null;

  @Field(() => Gender, {
    nullable: true,
    description: "The gender (attr_gender female, male, unknown or unknow); null for any other value.",
  })
  gender!: Gender | null;

  @Directive('@tag(name: "pii")')
  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description:
      "The date of birth (YYYY-MM-DD), when attr_birthday parses (yyyy-MM-dd, or forms such as Feb 17, 2022); " +
      "null otherwise, with the text in birthdayRaw.",
  })
  birthday!: string | null;

  @Field(() => String, { nullable: true, description: "attr_birthday as OneAccess sent it, unparsed." })
  birthdayRaw!: string | null;

  @Field(() => GraphQLJSON, {
    name: "extendedAttributes",
    nullable: true,
    description:
      "The tenant's extended attributes (extension): a JSON object whose keys the tenant defines, or the text " +
      "OneAccess sent when it is not JSON.",
  })
  extension!: unknown;
}
