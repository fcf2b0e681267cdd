import { GraphQLDateTimeISO } from "graphql-scalars";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import {
  QuectelUserStatus,
  type QuectelEndUserRecord,
  type QuectelLinkedAccountsRecord,
} from "../../providers/quectel/model.js";
import { Gender } from "../shared/gender.enum.js";

registerEnumType(QuectelUserStatus, {
  name: "QuectelUserStatus",
  description: "Whether the Quectel end-user account may sign in (Quectel's status 0 or 1).",
  valuesConfig: {
    DISABLED: { description: "The account is disabled (status 0): the user cannot sign in." },
    ACTIVE: { description: "The account is in normal use (status 1)." },
  },
});

const linkedId = (what: string) =>
  `The user's ${what}, as linked in Quectel; null when the user has not linked that account.`;

/** Public names follow the graph's `…UserId` scheme; the record keeps its own, so renamed fields name them. */
@ObjectType({ description: "The user's ids at third-party platforms, as linked in Quectel." })
export class QuectelLinkedAccounts implements QuectelLinkedAccountsRecord {
  @Field(() => ID, {
    nullable: true,
    description: linkedId("WeChat UnionID (one id across the app's WeChat apps)"),
  })
  wechatUnionId!: string | null;

  @Field(() => ID, {
    name: "wechatOfficialAccountUserId",
    nullable: true,
    description: linkedId("id in the app's WeChat Official Account (wechatOffiaccountUserId)"),
  })
  wechatOfficialAccountId!: string | null;

  @Field(() => ID, {
    name: "wechatMiniProgramUserId",
    nullable: true,
    description: linkedId("id in the app's WeChat Mini Program (wechatMiniprogramUserId)"),
  })
  wechatMiniProgramId!: string | null;

  @Field(() => ID, { nullable: true, description: linkedId("Alipay user id (2088…)") })
  alipayUserId!: string | null;

  @Field(() => ID, { nullable: true, description: linkedId("Sign in with Apple user id") })
  appleUserId!: string | null;

  @Field(() => ID, { nullable: true, description: linkedId("Facebook user id") })
  facebookUserId!: string | null;

  @Field(() => ID, { nullable: true, description: linkedId("Twitter (X) user id") })
  twitterUserId!: string | null;

  @Field(() => ID, { nullable: true, description: linkedId("QQ user id") })
  qqUserId!: string | null;
}

/**
 * `statusRaw` is resolved as text by QuectelEndUserResolver; `uid` and `sexRaw` are published as `userId` and
 * `genderRaw`, the graph's names for them.
 */
@ObjectType({
  description:
    "The user's Quectel (Acceleronix) end-user record from userInfo. Each field is null when Quectel has no value.",
})
export class QuectelEndUser implements QuectelEndUserRecord {
  @Field(() => ID, { name: "userId", description: "Quectel's uid for the user; equal to User.id." })
  uid!: string;

  @Field(() => String, {
    nullable: true,
    description: "The nickname the user chose (nikeName, as Quectel spells it).",
  })
  nickname!: string | null;

  @Field(() => String, { nullable: true, description: "An absolute URL of the avatar image (headimg)." })
  avatarUrl!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => String, {
    nullable: true,
    description: "The email address, as Quectel holds it (not lower-cased).",
  })
  email!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => String, {
    nullable: true,
    description: "The phone number as Quectel holds it, spaces included (+86 138 0000 0001).",
  })
  phone!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => String, { nullable: true, description: "The street address, free text." })
  address!: string | null;

  @Field(() => String, { nullable: true, description: "The city, free text (Shenzhen)." })
  city!: string | null;

  @Field(() => String, { nullable: true, description: "The province or state, free text (Guangdong)." })
  province!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The nationality as Quectel holds it, usually an ISO 3166-1 alpha-2 code (CN).",
  })
  nationality!: string | null;

  @Field(() => String, { nullable: true, description: "The time zone, an IANA name (Asia/Shanghai)." })
  timezone!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The preferred language, a BCP 47 tag such as zh-CN (Quectel's lang).",
  })
  language!: string | null;

  @Field(() => String, { nullable: true, description: "The user's personal signature, a short status line." })
  signature!: string | null;

  @Field(() => String, { nullable: true, description: "A note the app's operators keep about the user." })
  remark!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The Quectel user domain the account belongs to (the app's end-user realm, e.g. C.DM.5903.1).",
  })
  userDomain!: string | null;

  @Field(() => QuectelUserStatus, {
    nullable: true,
    description: "Whether the account may sign in; null when Quectel sent a status other than 0 or 1.",
  })
  status!: QuectelUserStatus | null;

  /** Resolved as text by QuectelEndUserResolver.statusRaw. */
  statusRaw!: number | null;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description:
      "When the account was registered, in UTC. Read from registerTimeTs (seconds or milliseconds, told apart " +
      "by magnitude), else registerTime.",
  })
  registeredAt!: Date | null;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description: "When the user last signed in, in UTC (lastLoginTimeTs, else lastLoginTime).",
  })
  lastLoginAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "How the account was registered (logonMode): an undocumented code, passed on as text.",
  })
  logonMode!: string | null;

  @Field(() => Gender, {
    nullable: true,
    description:
      "The gender, read from Quectel's undocumented sex where recognisable (0, 1, 2 or words); null otherwise.",
  })
  gender!: Gender | null;

  @Field(() => String, { name: "genderRaw", nullable: true, description: "Quectel's sex as sent, as text." })
  sexRaw!: string | null;

  @Field(() => QuectelLinkedAccounts, {
    description: "The user's ids at third-party platforms; never null, each id is null when not linked.",
  })
  linkedAccounts!: QuectelLinkedAccounts;
}
