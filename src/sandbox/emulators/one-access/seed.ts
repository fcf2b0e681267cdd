import type { OneAccessProfileResponse } from "../../../providers/one-access/types.js";
import { FAMILY_NAMES, GIVEN_NAMES } from "../shared/sample-names.js";

const GENDERS = ["female", "male", "unknown", "unknow"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface OneAccessSession {
  userId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * Profiles of `u1` … `u{count}`, with the variations the documentation allows: `unknow` for unknown gender,
 * birthdays as yyyy-MM-dd or `Feb 17, 2022`, extension as an object or a JSON string, some fields missing.
 */
export function seedOneAccessProfiles(count = 100): Map<string, OneAccessProfileResponse> {
  const profiles = new Map<string, OneAccessProfileResponse>();
  for (let n = 1; n <= count; n++) {
    const first = GIVEN_NAMES[n % GIVEN_NAMES.length]!;
    const last = FAMILY_NAMES[n % FAMILY_NAMES.length]!;
    const year = 1970 + (n % 35);
    const month = 1 + (n % 12);
    const day = 1 + (n % 28);
    profiles.set(`u${n}`, {
      user_name: `user${n}`,
      name: `${first} ${last}`,
      head_img: n % 4 === 0 ? null : `https://avatars.example.com/oneaccess/u${n}.png`,
      email: `u${n}@oneaccess.example.com`,
      mobile: n % 3 === 0 ? null : `+86-139${String(n).padStart(8, "0")}`,
      attr_gender: GENDERS[n % GENDERS.length]!,
      attr_birthday:
        n % 10 === 0
          ? "not a date"
          : n % 2 === 0
            ? `${MONTHS[month - 1]} ${day}, ${year}`
            : `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      attr_nick_name: `${first.toLowerCase()}${n}`,
      first_name: first,
      middle_name: n % 5 === 0 ? "M." : null,
      last_name: last,
      extension:
        n % 2 === 0 ? { department: `D${n % 7}`, level: n % 4 } : JSON.stringify({ department: `D${n % 7}` }),
    });
  }
  return profiles;
}

/** `oneaccess-session-u{n}` belongs to `u{n}`; `oneaccess-session-expired` (for u1) has expired. */
export function seedOneAccessSessions(count = 100, now = Date.now()): Map<string, OneAccessSession> {
  const sessions = new Map<string, OneAccessSession>();
  for (let n = 1; n <= count; n++) {
    sessions.set(`oneaccess-session-u${n}`, { userId: `u${n}`, expiresAt: now + 365 * 86_400_000 });
  }
  sessions.set("oneaccess-session-expired", { userId: "u1", expiresAt: now - 60_000 });
  return sessions;
}
