import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context.js";
import { User } from "../user/user.type.js";
import { TencentImProfile } from "./tencent-im-profile.type.js";

@Resolver(() => User)
export class TencentImResolver {
  @FieldResolver(() => TencentImProfile, {
    nullable: true,
    description:
      "Tencent Cloud Chat profile. null without an error when IM does not know the user; null with an error " +
      "(extensions.source = tencentIm) when the lookup failed. Batched: up to 100 users per upstream call.",
  })
  async tencentIm(@Root() user: User, @Ctx() context: RequestContext): Promise<TencentImProfile | null> {
    return context.sources.tencentIm.load(user.id);
  }
}
