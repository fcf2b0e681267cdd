import { GraphQLLocalDate } from "graphql-scalars";
import { Directive, Field, ID, ObjectType } from "type-graphql";
import type {
  AlipayPlusContactRecord,
  AlipayPlusLoginIdRecord,
  AlipayPlusNameRecord,
  AlipayPlusUserInfoRecord,
} from "../../providers/alipay-plus/model.js";
import { Gender } from "../shared/gender.enum.js";

@ObjectType({
  description: "A person's name as the wallet holds it; each part is null when the wallet has none.",
})
export class AlipayPlusName implements AlipayPlusNameRecord {
  @Field(() => String, { nullable: true, description: "The whole name as the user writes it." })
  fullName!: string | null;

  @Field(() => String, { nullable: true, description: "The first (given) name." })
  firstName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The second name, e.g. the father's name in Arabic names.",
  })
  secondName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The third name, e.g. the grandfather's name in Arabic names.",
  })
  thirdName!: string | null;

  @Field(() => String, { nullable: true, description: "The last (family) name." })
  lastName!: string | null;
}

/** Public names follow the graph's naming scheme; the record keeps its own, so renamed fields name them. */
@ObjectType({ description: "An identifier the user signs in to the wallet with (loginIdInfos)." })
export class AlipayPlusLoginId implements AlipayPlusLoginIdRecord {
  @Field(() => String, {
    nullable: true,
    description: "The login id in clear, e.g. a phone number or email.",
  })
  loginId!: string | null;

  @Field(() => String, {
    name: "hashedLoginId",
    nullable: true,
    description: "The login id hashed by the wallet, for matching without the clear value.",
  })
  hashLoginId!: string | null;

  @Field(() => String, {
    name: "maskedLoginId",
    nullable: true,
    description: "The login id partly masked for display, e.g. 138****0001.",
  })
  maskLoginId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "What kind of login id it is, as the wallet names it: MOBILE_PHONE, EMAIL, …",
  })
  type!: string | null;
}

@ObjectType({ description: "A way to contact the user, from the wallet (contactInfos)." })
export class AlipayPlusContact implements AlipayPlusContactRecord {
  @Field(() => String, {
    nullable: true,
    description: "What kind of contact it is, as the wallet names it: MOBILE_PHONE, EMAIL, …",
  })
  type!: string | null;

  @Field(() => String, {
    name: "value",
    nullable: true,
    description: "The phone number, address or other contact value (contactNo), as the wallet holds it.",
  })
  number!: string | null;
}

@ObjectType({
  description:
    "The signed-in user's Alipay+ wallet info (inquiryUserInfo). Which fields are present depends on the scopes " +
    "the user granted the mini program: a field whose scope was not granted is null.",
})
export class AlipayPlusUserInfo implements AlipayPlusUserInfoRecord {
  @Field(() => ID, {
    nullable: true,
    description: "The user's id in the wallet; not the app's User.id. null without the USER_ID scope.",
  })
  userId!: string | null;

  @Field(() => AlipayPlusName, {
    name: "name",
    nullable: true,
    description: "The user's name (userName). null without the USER_NAME scope.",
  })
  userName!: AlipayPlusName | null;

  @Field(() => AlipayPlusName, {
    name: "nameInArabic",
    nullable: true,
    description: "The user's name in Arabic script (userNameInArabic), when the wallet holds one.",
  })
  userNameInArabic!: AlipayPlusName | null;

  @Field(() => String, {
    nullable: true,
    description: "An absolute URL of the avatar image (avatar). null without the USER_AVATAR scope.",
  })
  avatarUrl!: string | null;

  @Field(() => Gender, {
    nullable: true,
    description:
      "The gender, read from M/F or MALE/FEMALE. null without the USER_GENDER scope or for other values.",
  })
  gender!: Gender | null;

  @Field(() => String, {
    nullable: true,
    description: "The gender as the wallet sent it (M, F, MALE, FEMALE, …).",
  })
  genderRaw!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => GraphQLLocalDate, {
    name: "birthday",
    nullable: true,
    description:
      "The date of birth (YYYY-MM-DD; the wallet's birthDate). null without the USER_BIRTHDAY scope.",
  })
  birthDate!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The nationality, an ISO 3166-1 alpha-2 code, upper-cased. null without the USER_NATIONALITY scope.",
  })
  nationality!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => [AlipayPlusLoginId], {
    nullable: true,
    description: "The identifiers the user signs in with. null without the USER_LOGIN_ID scope.",
  })
  loginIds!: AlipayPlusLoginId[] | null;

  @Directive('@tag(name: "pii")')
  @Field(() => [AlipayPlusContact], {
    nullable: true,
    description: "The user's contact details. null without the USER_CONTACTINFO scope.",
  })
  contacts!: AlipayPlusContact[] | null;
}
