import { Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../context.js";
import { UnauthenticatedError } from "../../errors.js";
import { User } from "../user/user.type.js";

@Resolver()
export class ViewerResolver {
  @Query(() => User, {
    nullable: true,
    description:
      "The signed-in user (from the trusted viewer header the router sets). null with UNAUTHENTICATED when no one is.",
  })
  me(@Ctx() context: RequestContext): User {
    const identity = context.viewer;
    if (identity.status === "invalid") {
      throw new UnauthenticatedError("The viewer header does not hold a valid user id");
    }
    if (identity.status === "anonymous") throw new UnauthenticatedError("No one is signed in");
    return { id: identity.viewer.id };
  }
}
