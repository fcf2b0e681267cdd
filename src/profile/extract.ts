import { Gender } from "../domain/gender.js";
import type { ProfileExtractors } from "../domain/source.js";
import { sourceNamed, type RecordOf, type SourceName } from "../providers/registry.js";
import type { ProfileFieldName } from "./fields.js";

export type ProfileValue = string | Gender;

/** Whether a source can contribute to a field at all (so the merge does not call it for nothing). */
export const sourceHasField = (source: SourceName, field: ProfileFieldName): boolean =>
  sourceNamed(source).profile[field] !== undefined;

/** The normalised value of `field` in a source's record, or null when it has none. */
export function extract<Name extends SourceName>(
  source: Name,
  field: ProfileFieldName,
  record: RecordOf<Name>,
): ProfileValue | null {
  const extractor = (sourceNamed(source).profile as ProfileExtractors<RecordOf<Name>>)[field];
  return extractor ? normalise(field, extractor(record)) : null;
}

/**
 * One shape per field, whichever source it came from: text trimmed and empty as missing, emails lower-cased,
 * phone numbers without spaces, dashes and brackets, nationality upper-cased. Dates are already yyyy-MM-dd.
 */
export function normalise(field: ProfileFieldName, value: unknown): ProfileValue | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text === "") return null;
  switch (field) {
    case "email":
      return text.toLowerCase();
    case "phone": {
      const compact = text.replace(/[\s().-]/g, "");
      return /^\+?\d{5,20}$/.test(compact) ? compact : text;
    }
    case "nationality":
      return text.toUpperCase();
    case "gender":
      return Object.values(Gender).includes(text as Gender) ? (text as Gender) : null;
    default:
      return text;
  }
}
