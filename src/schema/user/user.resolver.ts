import { Arg, Ctx, Directive, ID, Query, Resolver } from "type-graphql";
import { SERVICE_DEFAULTS } from "../../config.js";
import type { RequestContext } from "../../context.js";
import { assertUserId, assertUserIds } from "./user-id.js";
import { User } from "./user.type.js";

/** Entry points to users. They only check ids: the source fields decide what each provider knows. */
@Resolver(() => User)
export class UserResolver {
  // Shareable: it only checks the id and returns the entity reference, so any subgraph that answers the same
  // way may also define it, and the router may send it to either.
  @Directive("@shareable")
  @Query(() => User, {
    nullable: true,
    description:
      "The user with this id. Always a User for a well-formed id; each source field says what it knows.",
  })
  user(@Arg("id", () => ID) id: string): User {
    assertUserId(id);
    return { id };
  }

  @Directive("@shareable")
  @Query(() => [User], {
    nullable: "items",
    description: `Users in the order of \`ids\`, duplicates included. At most ${SERVICE_DEFAULTS.maxUsersPerRequest} ids unless the deployment sets USERS_MAX_IDS.`,
  })
  users(@Arg("ids", () => [ID]) ids: string[], @Ctx() context: RequestContext): User[] {
    assertUserIds(ids, context.limits.maxUsersPerRequest);
    return ids.map((id) => ({ id }));
  }
}
