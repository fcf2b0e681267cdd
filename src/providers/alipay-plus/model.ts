import type { Gender } from "../../domain/gender.js";

export interface AlipayPlusNameRecord {
  fullName: string | null;
  firstName: string | null;
  secondName: string | null;
  thirdName: string | null;
  lastName: string | null;
}

export interface AlipayPlusLoginIdRecord {
  loginId: string | null;
  hashLoginId: string | null;
  maskLoginId: string | null;
  /** loginIdType: MOBILE_PHONE, EMAIL, … */
  type: string | null;
}

export interface AlipayPlusContactRecord {
  /** contactType */
  type: string | null;
  /** contactNo */
  number: string | null;
}

/** The wallet user as the graph sees it; what is present depends on the scopes the user granted. */
export interface AlipayPlusUserInfoRecord {
  userId: string | null;
  userName: AlipayPlusNameRecord | null;
  userNameInArabic: AlipayPlusNameRecord | null;
  avatarUrl: string | null;
  gender: Gender | null;
  genderRaw: string | null;
  /** yyyy-MM-dd */
  birthDate: string | null;
  /** ISO 3166 code. */
  nationality: string | null;
  loginIds: AlipayPlusLoginIdRecord[] | null;
  contacts: AlipayPlusContactRecord[] | null;
}
