import type { GraphQLResolveInfo } from "graphql";
import type { RequestContext } from "../../context.js";
import type { ProfileFieldName } from "../../profile/fields.js";
import { pickInOrder, sourcesFor, type ProvenancedValue, type SourceOutcome } from "../../profile/merge.js";
import type { SourceName } from "../../providers/registry.js";
import type { User } from "../user/user.type.js";

/**
 * What one source knows of the user, through the request's loaders (so `profile` and the source's own field
 * share one call). Sources that cannot take part are absent, not failed.
 */
async function outcomeOf(source: SourceName, user: User, context: RequestContext): Promise<SourceOutcome> {
  try {
    const record = await context.sources[source].loadForProfile(user.id);
    return record ? { status: "found", record } : { status: "absent" };
  } catch (error) {
    return { status: "failed", error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/**
 * Resolves one merged field: asks the sources it needs in precedence order, lazily (a source below the first with
 * a value is not called for this field), and records the failures it met against the `profile` field's path.
 */
export async function resolveProfileField(
  field: ProfileFieldName,
  user: User,
  context: RequestContext,
  info: GraphQLResolveInfo,
): Promise<ProvenancedValue | null> {
  const profilePath = pathOf(info.path.prev);
  return pickInOrder(
    field,
    sourcesFor(field, context.profile.precedence),
    (source) => outcomeOf(source, user, context),
    (source, error) => context.profile.failures.push({ profilePath, source, error }),
  );
}

function pathOf(path: GraphQLResolveInfo["path"] | undefined): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let at = path; at; at = at.prev) keys.unshift(at.key);
  return keys;
}
