import type { RequestContext } from "../../context.js";
import { assertUserId } from "./user-id.js";
import type { User } from "./user.type.js";

/**
 * `__resolveReference` for `_entities`. It runs outside type-graphql (buildSubgraphSchema wires it from the
 * resolver map), so it checks the id itself. It returns the bare entity: the source fields then go through the
 * same per-request loaders as `users(ids:)`, so N representations cost what N ids cost there.
 */
export function resolveUserReference(reference: { id?: unknown }, _context: RequestContext): User {
  assertUserId(reference.id);
  return { id: reference.id };
}
