import { Gender } from "../domain/gender.js";
import type { RecordOf, SourceName } from "../providers/registry.js";
import { extract, sourceHasField, type ProfileValue } from "./extract.js";
import type { ProfileFieldName, ProfilePrecedence } from "./fields.js";

export interface ProvenancedValue {
  value: ProfileValue;
  source: SourceName;
}

/** What one source gave for one user: its record, nothing (unknown user, or not asked), or a failure. */
export type SourceOutcome<Source extends SourceName = SourceName> =
  { status: "found"; record: RecordOf<Source> } | { status: "absent" } | { status: "failed"; error: Error };

/** A source the merge had to skip because it failed, remembered so the response can say so (see server.ts). */
export interface ProfileFailure {
  /** Path of the `profile` field the failure affected. */
  profilePath: ReadonlyArray<string | number>;
  source: SourceName;
  error: Error;
}

/** The sources a field needs, in its precedence order. */
export function sourcesFor(field: ProfileFieldName, precedence: ProfilePrecedence): SourceName[] {
  return precedence[field].filter((source) => sourceHasField(source, field));
}

/**
 * The first value in precedence order, with the source it came from, asking the sources one after another and
 * stopping at the first that has one: sources below it are never asked for this field. A failed source is reported
 * through `onFailure` and skipped, as is one that does not know the user or has no value. A gender of UNKNOWN
 * yields to a known one from a later source, and is used only when no source knows better.
 */
export async function pickInOrder(
  field: ProfileFieldName,
  order: SourceName[],
  ask: (source: SourceName) => Promise<SourceOutcome>,
  onFailure: (source: SourceName, error: Error) => void = () => {},
): Promise<ProvenancedValue | null> {
  let fallback: ProvenancedValue | null = null;
  for (const source of order) {
    const outcome = await ask(source);
    if (outcome.status === "failed") onFailure(source, outcome.error);
    if (outcome.status !== "found") continue;
    const value = extract(source, field, outcome.record as RecordOf<typeof source>);
    if (value === null) continue;
    if (field === "gender" && value === Gender.UNKNOWN) {
      fallback ??= { value, source };
      continue;
    }
    return { value, source };
  }
  return fallback;
}
