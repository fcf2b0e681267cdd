import type { Gender } from "../../domain/gender.js";

/** Who may add the user as a friend (Tag_Profile_IM_AllowType). */
export enum ImAllowType {
  NEED_CONFIRM = "NEED_CONFIRM",
  ALLOW_ANY = "ALLOW_ANY",
  DENY_ANY = "DENY_ANY",
}

/** Whether an administrator has muted the user (Tag_Profile_IM_AdminForbidType). */
export enum ImAdminForbidType {
  NONE = "NONE",
  SEND_OUT = "SEND_OUT",
}

export interface ImCustomTag {
  tag: string;
  value: string;
}

/** A Tencent IM profile as the graph sees it: decoded, typed, vendor spellings gone (raw kept where lossy). */
export interface TencentImProfileRecord {
  accountId: string;
  nick: string | null;
  gender: Gender | null;
  genderRaw: string | null;
  /** yyyy-MM-dd, or null when unset or not a real date. */
  birthday: string | null;
  birthdayRaw: number | null;
  location: string | null;
  selfSignature: string | null;
  allowType: ImAllowType | null;
  allowTypeRaw: string | null;
  language: number | null;
  avatarUrl: string | null;
  messageSettings: number | null;
  adminForbidType: ImAdminForbidType | null;
  level: number | null;
  role: number | null;
  customTags: ImCustomTag[];
}
