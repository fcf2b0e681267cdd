import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../context.js";
import { User } from "../user/user.type.js";
import { QuectelEndUser } from "./quectel-end-user.type.js";

@Resolver(() => User)
export class QuectelResolver {
  @FieldResolver(() => QuectelEndUser, {
    nullable: true,
    description:
      "The user's Quectel end-user record. null without an error when Quectel does not know the user; null " +
      "with an error (extensions.source = quectel) when the lookup failed. One upstream call per distinct user " +
      "per request.",
  })
  quectel(@Root() user: User, @Ctx() context: RequestContext): Promise<QuectelEndUser | null> {
    return context.sources.quectel.load(user.id);
  }
}

/** Fields of QuectelEndUser whose public type differs from the record's. */
@Resolver(() => QuectelEndUser)
export class QuectelEndUserResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "Quectel's status as sent, as text (0 disabled, 1 active; other values are passed on).",
  })
  statusRaw(@Root() user: QuectelEndUser): string | null {
    return user.statusRaw === null ? null : String(user.statusRaw);
  }
}
