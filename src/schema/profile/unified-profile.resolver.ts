import type { GraphQLResolveInfo } from "graphql";
import { Directive, Ctx, FieldResolver, Info, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context.js";
import type { Gender } from "../../domain/gender.js";
import type { ProfileFieldName } from "../../profile/fields.js";
import { User } from "../user/user.type.js";
import { resolveProfileField } from "./profile-sources.js";
import { ProfileDate, ProfileGender, ProfileText, type ProfileSource } from "./profile-value.type.js";
import { UnifiedProfile } from "./unified-profile.type.js";

@Resolver(() => User)
export class UserProfileResolver {
  @FieldResolver(() => UnifiedProfile, {
    description:
      "The profile merged from every source, each value with the source it came from. Never null; each of its " +
      "fields is null when no source has a value. Costs no upstream call beyond those its selected fields need.",
  })
  profile(@Root() user: User): UnifiedProfile {
    return { user };
  }
}

/** How every merged field ends its description. */
const WHEN_NULL =
  "null when no source in precedence has a value, or when those that have one failed (then an error with " +
  "that source's extensions.source has the path of `profile`).";

type Merged<Value> = { value: Value; source: ProfileSource } | null;

/** The merged fields. Each asks only the sources that can hold it. */
@Resolver(() => UnifiedProfile)
export class UnifiedProfileResolver {
  private async merge<Value>(
    field: ProfileFieldName,
    profile: UnifiedProfile,
    context: RequestContext,
    info: GraphQLResolveInfo,
  ): Promise<Merged<Value>> {
    const picked = await resolveProfileField(field, profile.user, context, info);
    return picked ? { value: picked.value as Value, source: picked.source } : null;
  }

  @FieldResolver(() => ProfileText, {
    nullable: true,
    description:
      "The name to show for the user, trimmed. From OneAccess (nickname, else full name), Alipay+ (full name), " +
      `Tencent IM (nickname) or Quectel (nickname). ${WHEN_NULL}`,
  })
  displayName(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("displayName", p, c, i);
  }

  @FieldResolver(() => ProfileText, {
    nullable: true,
    description:
      "An absolute URL of the user's avatar image, as the source gives it (this service neither fetches nor " +
      `proxies it). From any of the four sources. ${WHEN_NULL}`,
  })
  avatarUrl(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("avatarUrl", p, c, i);
  }

  @Directive('@tag(name: "pii")')
  @FieldResolver(() => ProfileText, {
    nullable: true,
    description: `The email address, trimmed and lower-cased. From OneAccess or Quectel. ${WHEN_NULL}`,
  })
  email(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("email", p, c, i);
  }

  @Directive('@tag(name: "pii")')
  @FieldResolver(() => ProfileText, {
    nullable: true,
    description:
      "The phone number without spaces, dashes, dots or brackets when it is one (+8613800000001), else as the " +
      "source wrote it. From OneAccess, Alipay+ (the MOBILE_PHONE contact, else login id) or Quectel. " +
      WHEN_NULL,
  })
  phone(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("phone", p, c, i);
  }

  @FieldResolver(() => ProfileGender, {
    nullable: true,
    description:
      "The gender, from any of the four sources. A source's UNKNOWN yields to a known value from a later " +
      `source, so UNKNOWN means no source knows better. ${WHEN_NULL}`,
  })
  gender(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<Gender>("gender", p, c, i);
  }

  @Directive('@tag(name: "pii")')
  @FieldResolver(() => ProfileDate, {
    nullable: true,
    description: `The date of birth (YYYY-MM-DD). From OneAccess, Alipay+ or Tencent IM. ${WHEN_NULL}`,
  })
  birthday(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("birthday", p, c, i);
  }

  @FieldResolver(() => ProfileText, {
    nullable: true,
    description:
      "The nationality, upper-cased: an ISO 3166-1 alpha-2 country code such as CN when the source keeps to " +
      `it. From Alipay+ or Quectel. ${WHEN_NULL}`,
  })
  nationality(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("nationality", p, c, i);
  }

  @FieldResolver(() => ProfileText, {
    nullable: true,
    description: `The preferred language as a BCP 47 tag such as zh-CN. From Quectel. ${WHEN_NULL}`,
  })
  language(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("language", p, c, i);
  }

  @FieldResolver(() => ProfileText, {
    nullable: true,
    description: `The time zone as an IANA name such as Asia/Shanghai. From Quectel. ${WHEN_NULL}`,
  })
  timezone(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("timezone", p, c, i);
  }

  @FieldResolver(() => ProfileText, {
    nullable: true,
    description:
      "Where the user is, as the source writes it (not normalised): Tencent IM's app-defined location such as " +
      `CN-GD-SZ, or Quectel's city and province such as "Shenzhen, Guangdong". ${WHEN_NULL}`,
  })
  location(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("location", p, c, i);
  }
}
