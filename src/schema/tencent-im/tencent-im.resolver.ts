import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context.js";
import { User } from "../user/user.type.js";
import { TencentImProfile } from "./tencent-im-profile.type.js";

@Resolver(() => User)
export class TencentImResolver {
  @FieldResolver(() => TencentImProfile, {
    nullable: true,
    description:
      "The user's Tencent Cloud Chat (IM) profile. null without an error when IM does not know the user; null " +
      "with an error (extensions.source = tencentIm) when the lookup failed. Batched: up to 100 users per " +
      "upstream call.",
  })
  tencentIm(@Root() user: User, @Ctx() context: RequestContext): Promise<TencentImProfile | null> {
    return context.sources.tencentIm.load(user.id);
  }
}

/** Fields of TencentImProfile whose public type differs from the record's. */
@Resolver(() => TencentImProfile)
export class TencentImProfileResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Tag_Profile_IM_BirthDay as Tencent sent it: the number yyyymmdd, as text (19900131); 0 means unset.",
  })
  birthdayRaw(@Root() profile: TencentImProfile): string | null {
    return profile.birthdayRaw === null ? null : String(profile.birthdayRaw);
  }
}
