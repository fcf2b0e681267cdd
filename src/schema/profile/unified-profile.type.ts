import { ObjectType } from "type-graphql";
import type { User } from "../user/user.type.js";

/**
 * One profile merged from every source that knows the user. Its fields are resolved one by one, so a query pays
 * only for the sources its selected fields need.
 */
@ObjectType({
  description:
    "The user's profile merged from the sources, each value with its source. Precedence per field is the " +
    "deployment's PROFILE_PRECEDENCE (by default the user's own identity providers, OneAccess then the wallet, " +
    "before Tencent IM and Quectel). A failed source is skipped and reported in errors; viewer-only sources take " +
    "part only on the signed-in user's own User.",
})
export class UnifiedProfile {
  /** Not a GraphQL field: the User the profile belongs to. */
  user!: User;
}
