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
      "The user with this id. Always a User for a well-formed id (a malformed one is BAD_USER_INPUT); each " +
      "source field says what that source knows.",
  })
  user(
    @Arg("id", () => ID, { description: "The app's user id (1 to 32 of A-Z a-z 0-9 _ -)." }) id: string,
  ): User {
    assertUserId(id);
    return { id };
  }

  @Directive("@shareable")
  @Query(() => [User], {
    description:
      "One User per id, in the order of `ids`, duplicates included; never a null item. At most " +
      `${SERVICE_DEFAULTS.maxUsersPerRequest} ids unless the deployment sets USERS_MAX_IDS; more, or a malformed ` +
      "id, is BAD_USER_INPUT and fetches nothing.",
  })
  users(
    @Arg("ids", () => [ID], { description: "The app's user ids; the same id may appear more than once." })
    ids: string[],
    @Ctx() context: RequestContext,
  ): User[] {
    assertUserIds(ids, context.limits.maxUsersPerRequest);
    return ids.map((id) => ({ id }));
  }
}
