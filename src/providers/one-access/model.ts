import type { Gender } from "../../domain/gender.js";

/** A OneAccess profile as the graph sees it. */
export interface OneAccessProfileRecord {
  userName: string | null;
  name: string | null;
  nickname: string | null;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  email: string | null;
  mobile: string | null;
  avatarUrl: string | null;
  gender: Gender | null;
  /** yyyy-MM-dd when attr_birthday parses, else null. */
  birthday: string | null;
  /** attr_birthday as OneAccess sent it. */
  birthdayRaw: string | null;
  extension: unknown;
}
