import { GraphQLLocalDate } from "graphql-scalars";
import { Directive, Field, ObjectType } from "type-graphql";
import type {
  AlipayPlusContactRecord,
  AlipayPlusLoginIdRecord,
  AlipayPlusNameRecord,
  AlipayPlusUserInfoRecord,
} from "../../providers/alipay-plus/model.js";
import { Gender } from "../shared/gender.enum.js";

@ObjectType({ description: "A name as the wallet holds it." })
export class AlipayPlusName implements AlipayPlusNameRecord {
  @Field(() => String, { nullable: true })
  fullName!: string | null;

  @Field(() => String, { nullable: true })
  firstName!: string | null;

  @Field(() => String, { nullable: true })
  secondName!: string | null;

  @Field(() => String, { nullable: true })
  thirdName!: string | null;

  @Field(() => String, { nullable: true })
  lastName!: string | null;
}

@ObjectType({ description: "An identifier the user signs in to the wallet with." })
export class AlipayPlusLoginId implements AlipayPlusLoginIdRecord {
  @Field(() => String, { nullable: true })
  loginId!: string | null;

  @Field(() => String, { nullable: true })
  hashLoginId!: string | null;

  @Field(() => String, { nullable: true })
  maskLoginId!: string | null;

  @Field(() => String, { nullable: true, description: "loginIdType: MOBILE_PHONE, EMAIL, …" })
  type!: string | null;
}

@ObjectType({ description: "A way to contact the user." })
export class AlipayPlusContact implements AlipayPlusContactRecord {
  @Field(() => String, { nullable: true, description: "contactType." })
  type!: string | null;

  @Field(() => String, { nullable: true, description: "contactNo." })
  number!: string | null;
}

@ObjectType({
  description:
    "The signed-in user's Alipay+ wallet info (inquiryUserInfo). Which fields are present depends on the scopes " +
    "the user granted the mini program.",
})
export class AlipayPlusUserInfo implements AlipayPlusUserInfoRecord {
  @Field(() => String, { nullable: true })
  userId!: string | null;

  @Field(() => AlipayPlusName, { nullable: true })
  userName!: AlipayPlusName | null;

  @Field(() => AlipayPlusName, { nullable: true })
  userNameInArabic!: AlipayPlusName | null;

  @Field(() => String, { nullable: true, description: "avatar." })
  avatarUrl!: string | null;

  @Field(() => Gender, { nullable: true, description: "gender (M/F or MALE/FEMALE), normalised." })
  gender!: Gender | null;

  @Field(() => String, { nullable: true, description: "gender as the wallet sent it." })
  genderRaw!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => GraphQLLocalDate, { nullable: true })
  birthDate!: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166 country code." })
  nationality!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => [AlipayPlusLoginId], { nullable: true, description: "loginIdInfos." })
  loginIds!: AlipayPlusLoginId[] | null;

  @Directive('@tag(name: "pii")')
  @Field(() => [AlipayPlusContact], { nullable: true, description: "contactInfos." })
  contacts!: AlipayPlusContact[] | null;
}
