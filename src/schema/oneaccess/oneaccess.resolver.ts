import { Directive, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context.js";
import { User } from "../user/user.type.js";
import { OneAccessProfile } from "./oneaccess-profile.type.js";

@Resolver(() => User)
export class OneAccessResolver {
  @Directive('@tag(name: "viewer-only")')
  @FieldResolver(() => OneAccessProfile, {
    nullable: true,
    description:
      "Huawei OneAccess profile, for the signed-in user only: it uses the session in the " +
      "x-oneaccess-session-token header and the device headers. FORBIDDEN on another User, UNAUTHENTICATED " +
      "without a session or with an expired one. One upstream call per request however often it is selected.",
  })
  oneAccess(@Root() user: User, @Ctx() context: RequestContext): Promise<OneAccessProfile | null> {
    return context.sources.oneAccess.load(user.id);
  }
}
