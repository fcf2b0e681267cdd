import { Gender } from "../domain/gender.js";
import type { SourceName } from "../errors.js";
import type { AlipayPlusUserInfoRecord } from "../providers/alipay-plus/model.js";
import type { OneAccessProfileRecord } from "../providers/oneaccess/model.js";
import type { QuectelEndUserRecord } from "../providers/quectel/model.js";
import type { TencentImProfileRecord } from "../providers/tencent-im/model.js";
import type { ProfileFieldName } from "./fields.js";

/** What each source's loader yields. */
export interface SourceRecords {
  tencentIm: TencentImProfileRecord;
  quectel: QuectelEndUserRecord;
  oneAccess: OneAccessProfileRecord;
  alipayPlus: AlipayPlusUserInfoRecord;
}

export type ProfileValue = string | Gender;

type Extractors = {
  [Source in SourceName]: Partial<Record<ProfileFieldName, (record: SourceRecords[Source]) => unknown>>;
};

const joined = (separator: string, ...parts: (string | null | undefined)[]) =>
  parts.filter(Boolean).join(separator) || null;

const mobileOf = (items: { type: string | null; value: string | null }[] | null) =>
  items?.find((item) => item.type === "MOBILE_PHONE" && item.value)?.value ?? null;

/**
 * Which field of which source feeds which profile field. A source that does not hold a field is absent from
 * that field's row; its value is normalised (see normalise) before the merge.
 */
export const EXTRACTORS: Extractors = {
  oneAccess: {
    displayName: (r) => r.nickname ?? r.name ?? joined(" ", r.firstName, r.lastName),
    avatarUrl: (r) => r.avatarUrl,
    email: (r) => r.email,
    phone: (r) => r.mobile,
    gender: (r) => r.gender,
    birthday: (r) => r.birthday,
  },
  alipayPlus: {
    displayName: (r) => r.userName?.fullName ?? joined(" ", r.userName?.firstName, r.userName?.lastName),
    avatarUrl: (r) => r.avatarUrl,
    phone: (r) =>
      mobileOf(r.contacts?.map((contact) => ({ type: contact.type, value: contact.number })) ?? null) ??
      mobileOf(r.loginIds?.map((login) => ({ type: login.type, value: login.loginId })) ?? null),
    gender: (r) => r.gender,
    birthday: (r) => r.birthDate,
    nationality: (r) => r.nationality,
  },
  tencentIm: {
    displayName: (r) => r.nick,
    avatarUrl: (r) => r.avatarUrl,
    gender: (r) => r.gender,
    birthday: (r) => r.birthday,
    location: (r) => r.location,
  },
  quectel: {
    displayName: (r) => r.nickname,
    avatarUrl: (r) => r.avatarUrl,
    email: (r) => r.email,
    phone: (r) => r.phone,
    gender: (r) => r.gender,
    nationality: (r) => r.nationality,
    language: (r) => r.language,
    timezone: (r) => r.timezone,
    location: (r) => joined(", ", r.city, r.province),
  },
};

/** Whether a source can contribute to a field at all (so the merge does not call it for nothing). */
export const sourceHasField = (source: SourceName, field: ProfileFieldName): boolean =>
  EXTRACTORS[source][field] !== undefined;

/** The normalised value of `field` in a source's record, or null when it has none. */
export function extract<Source extends SourceName>(
  source: Source,
  field: ProfileFieldName,
  record: SourceRecords[Source],
): ProfileValue | null {
  const extractor = EXTRACTORS[source][field] as ((record: SourceRecords[Source]) => unknown) | undefined;
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
