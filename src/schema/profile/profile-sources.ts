import type { GraphQLResolveInfo } from "graphql";
import type { RequestContext } from "../../context.js";
import type { ProfileFieldName } from "../../profile/fields.js";
import { pickValue, sourcesFor, type ProvenancedValue, type SourceOutcome } from "../../profile/merge.js";
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
 * Resolves one merged field: asks the sources it needs, all at once, picks by precedence, and records the
 * failures against the `profile` field's path.
 */
export async function resolveProfileField(
  field: ProfileFieldName,
  user: User,
  context: RequestContext,
  info: GraphQLResolveInfo,
): Promise<ProvenancedValue | null> {
  const order = sourcesFor(field, context.profile.precedence);
  const outcomes = await Promise.all(
    order.map(async (source) => [source, await outcomeOf(source, user, context)] as const),
  );
  const profilePath = pathOf(info.path.prev);
  for (const [source, outcome] of outcomes) {
    if (outcome.status === "failed")
      context.profile.failures.push({ profilePath, source, error: outcome.error });
  }
  return pickValue(field, order, Object.fromEntries(outcomes));
}

function pathOf(path: GraphQLResolveInfo["path"] | undefined): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let at = path; at; at = at.prev) keys.unshift(at.key);
  return keys;
}
