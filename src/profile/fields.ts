import { SOURCE_NAMES, type SourceName } from "../providers/registry.js";

/** The merged profile's fields, each with the kind of value it holds. */
export const PROFILE_FIELDS = {
  displayName: "text",
  avatarUrl: "text",
  email: "text",
  phone: "text",
  gender: "gender",
  birthday: "date",
  nationality: "text",
  language: "text",
  timezone: "text",
  location: "text",
} as const;

export type ProfileFieldName = keyof typeof PROFILE_FIELDS;

export const PROFILE_FIELD_NAMES = Object.keys(PROFILE_FIELDS) as ProfileFieldName[];

/** For each field, the sources in the order they are asked: a source missing from a list is never used for it. */
export type ProfilePrecedence = Record<ProfileFieldName, SourceName[]>;

/**
 * The default is the registry's order (see src/providers/registry.ts). Viewer-only sources only ever take part
 * for the viewer.
 */
export const DEFAULT_SOURCE_ORDER: SourceName[] = SOURCE_NAMES;

/**
 * Reads PROFILE_PRECEDENCE: a default order, then `;field=order` overrides, e.g.
 * `oneAccess,alipayPlus,tencentIm,quectel;displayName=tencentIm,oneAccess`. Returns the problems found instead
 * of throwing, so that the config can report them with the rest.
 */
export function parseProfilePrecedence(text: string | undefined): {
  precedence: ProfilePrecedence;
  problems: string[];
} {
  const problems: string[] = [];
  const readOrder = (list: string, where: string): SourceName[] => {
    const names = list
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean);
    const unknown = names.filter((name) => !SOURCE_NAMES.includes(name as SourceName));
    if (unknown.length > 0) {
      problems.push(`${where}: unknown source ${unknown.join(", ")} (sources: ${SOURCE_NAMES.join(", ")})`);
    }
    if (new Set(names).size !== names.length) problems.push(`${where}: a source is listed twice`);
    if (names.length === 0) problems.push(`${where}: the list of sources is empty`);
    return names.filter((name): name is SourceName => SOURCE_NAMES.includes(name as SourceName));
  };

  let defaultOrder = DEFAULT_SOURCE_ORDER;
  const overrides: Partial<ProfilePrecedence> = {};
  for (const segment of (text ?? "")
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = segment.indexOf("=");
    if (at === -1) {
      defaultOrder = readOrder(segment, "default order");
      continue;
    }
    const field = segment.slice(0, at).trim();
    if (!PROFILE_FIELD_NAMES.includes(field as ProfileFieldName)) {
      problems.push(`unknown profile field ${field} (fields: ${PROFILE_FIELD_NAMES.join(", ")})`);
      continue;
    }
    overrides[field as ProfileFieldName] = readOrder(segment.slice(at + 1), field);
  }
  const precedence = Object.fromEntries(
    PROFILE_FIELD_NAMES.map((field) => [field, overrides[field] ?? defaultOrder]),
  ) as ProfilePrecedence;
  return { precedence, problems };
}
