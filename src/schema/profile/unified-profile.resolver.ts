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
    description: "The profile merged from every source, with provenance. Never null; its fields may be.",
  })
  profile(@Root() user: User): UnifiedProfile {
    return { user };
  }
}

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

  @FieldResolver(() => ProfileText, { nullable: true, description: "Nickname or full name." })
  displayName(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("displayName", p, c, i);
  }

  @FieldResolver(() => ProfileText, { nullable: true })
  avatarUrl(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("avatarUrl", p, c, i);
  }

  @Directive('@tag(name: "pii")')
  @FieldResolver(() => ProfileText, { nullable: true, description: "Trimmed and lower-cased." })
  email(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("email", p, c, i);
  }

  @Directive('@tag(name: "pii")')
  @FieldResolver(() => ProfileText, {
    nullable: true,
    description: "Without spaces, dashes or brackets when it is a phone number (+8613800000001).",
  })
  phone(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("phone", p, c, i);
  }

  @FieldResolver(() => ProfileGender, {
    nullable: true,
    description: "UNKNOWN only when no source knows better.",
  })
  gender(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<Gender>("gender", p, c, i);
  }

  @Directive('@tag(name: "pii")')
  @FieldResolver(() => ProfileDate, { nullable: true })
  birthday(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("birthday", p, c, i);
  }

  @FieldResolver(() => ProfileText, { nullable: true, description: "ISO 3166 country code." })
  nationality(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("nationality", p, c, i);
  }

  @FieldResolver(() => ProfileText, { nullable: true, description: "A language tag such as zh-CN." })
  language(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("language", p, c, i);
  }

  @FieldResolver(() => ProfileText, {
    nullable: true,
    description: "An IANA time zone such as Asia/Shanghai.",
  })
  timezone(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("timezone", p, c, i);
  }

  @FieldResolver(() => ProfileText, {
    nullable: true,
    description: "Where the user is, as the source writes it.",
  })
  location(@Root() p: UnifiedProfile, @Ctx() c: RequestContext, @Info() i: GraphQLResolveInfo) {
    return this.merge<string>("location", p, c, i);
  }
}
