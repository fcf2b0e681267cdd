import { GraphQLDateTimeISO } from "graphql-scalars";
import { Directive, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import {
  QuectelUserStatus,
  type QuectelEndUserRecord,
  type QuectelLinkedAccountsRecord,
} from "../../providers/quectel/model.js";
import { Gender } from "../shared/gender.enum.js";

registerEnumType(QuectelUserStatus, {
  name: "QuectelUserStatus",
  description: "Whether the Quectel end-user account may sign in.",
});

@ObjectType({ description: "The user's ids at third parties, as linked in Quectel." })
export class QuectelLinkedAccounts implements QuectelLinkedAccountsRecord {
  @Field(() => String, { nullable: true, description: "wechatUnionId." })
  wechatUnionId!: string | null;

  @Field(() => String, { nullable: true, description: "wechatOffiaccountUserId (official account)." })
  wechatOfficialAccountId!: string | null;

  @Field(() => String, { nullable: true, description: "wechatMiniprogramUserId." })
  wechatMiniProgramId!: string | null;

  @Field(() => String, { nullable: true })
  alipayUserId!: string | null;

  @Field(() => String, { nullable: true })
  appleUserId!: string | null;

  @Field(() => String, { nullable: true })
  facebookUserId!: string | null;

  @Field(() => String, { nullable: true })
  twitterUserId!: string | null;

  @Field(() => String, { nullable: true })
  qqUserId!: string | null;
}

@ObjectType({ description: "The user's Quectel (Acceleronix) end-user record (userInfo)." })
export class QuectelEndUser implements QuectelEndUserRecord {
  @Field(() => String, { description: "Quectel's uid (equal to the User id)." })
  uid!: string;

  @Field(() => String, { nullable: true, description: "nikeName, as the vendor spells it." })
  nickname!: string | null;

  @Field(() => String, { nullable: true, description: "headimg." })
  avatarUrl!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => String, { nullable: true })
  email!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Directive('@tag(name: "pii")')
  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true })
  province!: string | null;

  @Field(() => String, { nullable: true })
  nationality!: string | null;

  @Field(() => String, { nullable: true })
  timezone!: string | null;

  @Field(() => String, { nullable: true, description: "lang." })
  language!: string | null;

  @Field(() => String, { nullable: true })
  signature!: string | null;

  @Field(() => String, { nullable: true })
  remark!: string | null;

  @Field(() => String, { nullable: true })
  userDomain!: string | null;

  @Field(() => QuectelUserStatus, { nullable: true, description: "status: 0 DISABLED, 1 ACTIVE." })
  status!: QuectelUserStatus | null;

  @Field(() => Int, { nullable: true, description: "status as Quectel sent it." })
  statusRaw!: number | null;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description: "registerTimeTs (or registerTime); seconds or milliseconds told apart by magnitude.",
  })
  registeredAt!: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "lastLoginTimeTs (or lastLoginTime)." })
  lastLoginAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "logonMode, the registration method (undocumented, raw).",
  })
  logonMode!: string | null;

  @Field(() => Gender, { nullable: true, description: "sex mapped where recognisable (0, 1, 2, or words)." })
  gender!: Gender | null;

  @Field(() => String, { nullable: true, description: "sex as Quectel sent it (undocumented values)." })
  sexRaw!: string | null;

  @Field(() => QuectelLinkedAccounts)
  linkedAccounts!: QuectelLinkedAccounts;
}
