import { Directive, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context.js";
import { User } from "../user/user.type.js";
import { AlipayPlusUserInfo } from "./alipay-plus-user-info.type.js";

@Resolver(() => User)
export class AlipayPlusResolver {
  @Directive('@tag(name: "viewer-only")')
  @FieldResolver(() => AlipayPlusUserInfo, {
    nullable: true,
    description:
      "Alipay+ wallet info, for the signed-in user only: it uses the access token in the " +
      "x-alipay-plus-access-token header. FORBIDDEN on another User, UNAUTHENTICATED without a token or with an " +
      "expired one. One upstream call per request however often it is selected.",
  })
  alipayPlus(@Root() user: User, @Ctx() context: RequestContext): Promise<AlipayPlusUserInfo | null> {
    return context.sources.alipayPlus.load(user.id);
  }
}
