import { Gender } from "../../domain/gender.js";
import { calendarDate, decodeCode, decodeIsoDate, decodeText } from "../decode.js";
import type { OneAccessProfileRecord } from "./model.js";
import type { OneAccessProfileResponse } from "./types.js";

const GENDERS: Record<string, Gender> = {
  female: Gender.FEMALE,
  male: Gender.MALE,
  unknown: Gender.UNKNOWN,
  // One language edition of the documentation spells it so.
  unknow: Gender.UNKNOWN,
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const text = (value: unknown) => decodeText(value);

/**
 * attr_birthday is documented as yyyy-MM-dd, but the sample shows `Feb 17, 2022`. Both are read, and so is
 * `17 Feb 2022`; anything else is null, never an error.
 */
export function parseBirthday(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  if (/^\d{4}-/.test(raw)) return decodeIsoDate(raw);
  const monthFirst = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/.exec(raw);
  if (monthFirst) return monthDate(monthFirst[3]!, monthFirst[1]!, monthFirst[2]!);
  const dayFirst = /^(\d{1,2}) ([A-Za-z]{3})[a-z]*\.?,? (\d{4})$/.exec(raw);
  if (dayFirst) return monthDate(dayFirst[3]!, dayFirst[2]!, dayFirst[1]!);
  return null;
}

function monthDate(year: string, monthName: string, day: string): string | null {
  const month = MONTHS.indexOf(monthName.toLowerCase()) + 1;
  return month === 0 ? null : calendarDate(Number(year), month, Number(day));
}

/** `extension` is an object in the sample and a string in the field table: a JSON string is parsed. */
function parseExtension(value: unknown): unknown {
  if (typeof value !== "string") return value ?? null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value === "" ? null : value;
  }
}

export function toOneAccessProfile(body: OneAccessProfileResponse): OneAccessProfileRecord {
  const gender = text(body.attr_gender)?.toLowerCase();
  return {
    userName: text(body.user_name),
    name: text(body.name),
    nickname: text(body.attr_nick_name),
    firstName: text(body.first_name),
    middleName: text(body.middle_name),
    lastName: text(body.last_name),
    email: text(body.email),
    mobile: text(body.mobile),
    avatarUrl: text(body.head_img),
    gender: decodeCode(GENDERS, gender),
    birthday: parseBirthday(body.attr_birthday),
    birthdayRaw: text(body.attr_birthday),
    extension: parseExtension(body.extension),
  };
}
