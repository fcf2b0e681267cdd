import { Gender } from "../../domain/gender.js";
import { decodeCode, decodeIsoDate, decodeText } from "../decode.js";
import type { AlipayPlusNameRecord, AlipayPlusUserInfoRecord } from "./model.js";
import type { AlipayUserInfo, AlipayUserName } from "./types.js";

/** The wallet's gender values are not pinned down: M/F and MALE/FEMALE both occur. */
const GENDERS: Record<string, Gender> = {
  M: Gender.MALE,
  MALE: Gender.MALE,
  F: Gender.FEMALE,
  FEMALE: Gender.FEMALE,
};

const text = (value: unknown) => decodeText(value);

/** List items the wallet sent as something else than an object are left out, never a crash. */
const isObject = <Item>(item: Item): item is Item & object => typeof item === "object" && item !== null;

function name(value: AlipayUserName | undefined): AlipayPlusNameRecord | null {
  if (!value || typeof value !== "object") return null;
  const record = {
    fullName: text(value.fullName),
    firstName: text(value.firstName),
    secondName: text(value.secondName),
    thirdName: text(value.thirdName),
    lastName: text(value.lastName),
  };
  return Object.values(record).some((part) => part !== null) ? record : null;
}

export function toAlipayPlusUserInfo(info: AlipayUserInfo): AlipayPlusUserInfoRecord {
  const genderRaw = text(info.gender);
  return {
    userId: text(info.userId),
    userName: name(info.userName),
    userNameInArabic: name(info.userNameInArabic),
    avatarUrl: text(info.avatar),
    gender: decodeCode(GENDERS, genderRaw?.toUpperCase()),
    genderRaw,
    birthDate: decodeIsoDate(info.birthDate),
    nationality: text(info.nationality)?.toUpperCase() ?? null,
    loginIds: Array.isArray(info.loginIdInfos)
      ? info.loginIdInfos.filter(isObject).map((login) => ({
          loginId: text(login.loginId),
          hashLoginId: text(login.hashLoginId),
          maskLoginId: text(login.maskLoginId),
          type: text(login.loginIdType),
        }))
      : null,
    contacts: Array.isArray(info.contactInfos)
      ? info.contactInfos.filter(isObject).map((contact) => ({
          type: text(contact.contactType),
          number: text(contact.contactNo),
        }))
      : null,
  };
}
