import { Gender } from "../../domain/gender.js";
import { calendarDate, decodeCode, decodeText } from "../decode.js";
import { ImAdminForbidType, ImAllowType, type TencentImProfileRecord } from "./model.js";
import { CUSTOM_TAG_PREFIX } from "./tags.js";
import type { ProfileItem } from "./types.js";

const GENDERS: Record<string, Gender> = {
  Gender_Type_Female: Gender.FEMALE,
  Gender_Type_Male: Gender.MALE,
  Gender_Type_Unknown: Gender.UNKNOWN,
};

const ALLOW_TYPES: Record<string, ImAllowType> = {
  AllowType_Type_NeedConfirm: ImAllowType.NEED_CONFIRM,
  AllowType_Type_AllowAny: ImAllowType.ALLOW_ANY,
  AllowType_Type_DenyAny: ImAllowType.DENY_ANY,
};

const ADMIN_FORBID_TYPES: Record<string, ImAdminForbidType> = {
  AdminForbid_Type_None: ImAdminForbidType.NONE,
  AdminForbid_Type_SendOut: ImAdminForbidType.SEND_OUT,
};

/** A string tag: empty means unset. */
export function decodeString(value: unknown): string | null {
  return decodeText(value, { acceptNumbers: true, trim: false });
}

/** A uint32 tag: Tencent sends a number; tolerate a numeric string. */
export function decodeUint32(value: unknown): number | null {
  const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) && number >= 0 && number <= 0xffffffff
    ? number
    : null;
}

/** yyyymmdd as a uint32 → yyyy-MM-dd, or null for 0 and for numbers that are not a calendar date. */
export function decodeBirthday(value: number | null): string | null {
  if (value === null || value < 1000_01_01) return null;
  return calendarDate(Math.floor(value / 10000), Math.floor(value / 100) % 100, value % 100);
}

/** Decodes one account's ProfileItem list into the graph's record. Unknown values stay in the raw fields. */
export function toTencentImProfile(accountId: string, items: ProfileItem[]): TencentImProfileRecord {
  const byTag = new Map(items.map((item) => [item.Tag, item.Value]));
  const text = (tag: string) => decodeString(byTag.get(tag));
  const uint = (tag: string) => decodeUint32(byTag.get(tag));
  const genderRaw = text("Tag_Profile_IM_Gender");
  const allowTypeRaw = text("Tag_Profile_IM_AllowType");
  const adminForbidRaw = text("Tag_Profile_IM_AdminForbidType");
  const birthdayRaw = uint("Tag_Profile_IM_BirthDay");
  return {
    accountId,
    nick: text("Tag_Profile_IM_Nick"),
    gender: decodeCode(GENDERS, genderRaw),
    genderRaw,
    birthday: decodeBirthday(birthdayRaw),
    birthdayRaw,
    location: text("Tag_Profile_IM_Location"),
    selfSignature: text("Tag_Profile_IM_SelfSignature"),
    allowType: decodeCode(ALLOW_TYPES, allowTypeRaw),
    allowTypeRaw,
    language: uint("Tag_Profile_IM_Language"),
    avatarUrl: text("Tag_Profile_IM_Image"),
    messageSettings: uint("Tag_Profile_IM_MsgSettings"),
    adminForbidType: decodeCode(ADMIN_FORBID_TYPES, adminForbidRaw),
    level: uint("Tag_Profile_IM_Level"),
    role: uint("Tag_Profile_IM_Role"),
    customTags: items
      .filter((item) => item.Tag.startsWith(CUSTOM_TAG_PREFIX))
      .flatMap((item) => {
        const value = decodeCustomValue(item.Value);
        return value === null ? [] : [{ tag: item.Tag.slice(CUSTOM_TAG_PREFIX.length), value }];
      }),
  };
}

/** Custom tags are strings or bytes; bytes arrive as an array of numbers or a Buffer-like JSON object. */
function decodeCustomValue(value: unknown): string | null {
  if (Array.isArray(value)) return Buffer.from(value as number[]).toString("utf8");
  return decodeString(value);
}
