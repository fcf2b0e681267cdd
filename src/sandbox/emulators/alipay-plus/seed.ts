import type { AlipayUserInfo } from "../../../providers/alipay-plus/types.js";

const FIRST = [
  "Ali",
  "Bushra",
  "Dana",
  "Farid",
  "Huda",
  "Karim",
  "Layla",
  "Mona",
  "Omar",
  "Rana",
  "Sami",
  "Zaid",
];
const LAST = ["Hassan", "Jaber", "Khalil", "Mansour", "Nasser", "Saleh", "Yousef"];
const ARABIC_FIRST = [
  "علي",
  "بشرى",
  "دانة",
  "فريد",
  "هدى",
  "كريم",
  "ليلى",
  "منى",
  "عمر",
  "رنا",
  "سامي",
  "زيد",
];
const NATIONALITIES = ["IQ", "JO", "AE", "SA", "EG"];

/** Scopes a user granted the mini program; a field appears only when its scope was granted. */
export type GrantedScope =
  | "USER_ID"
  | "USER_NAME"
  | "USER_AVATAR"
  | "USER_GENDER"
  | "USER_BIRTHDAY"
  | "USER_NATIONALITY"
  | "USER_LOGIN_ID"
  | "USER_CONTACTINFO";

export interface WalletUser {
  info: Required<Pick<AlipayUserInfo, "userId">> & AlipayUserInfo;
  scopes: GrantedScope[];
}

const ALL_SCOPES: GrantedScope[] = [
  "USER_ID",
  "USER_NAME",
  "USER_AVATAR",
  "USER_GENDER",
  "USER_BIRTHDAY",
  "USER_NATIONALITY",
  "USER_LOGIN_ID",
  "USER_CONTACTINFO",
];

/**
 * Wallet users for `u1` … `u{count}`. `u1`, `u4`, `u7`, … granted only USER_ID (auth_base); `u2`, `u5`, … also
 * name and avatar; `u3`, `u6`, … everything. Gender is spelled M/F for some users
 * and MALE/FEMALE for others, as wallets do.
 */
export function seedWalletUsers(count = 100): Map<string, WalletUser> {
  const users = new Map<string, WalletUser>();
  for (let n = 1; n <= count; n++) {
    const first = FIRST[n % FIRST.length]!;
    const last = LAST[n % LAST.length]!;
    const female = n % 2 === 0;
    const phone = `+964 770 ${String(n).padStart(7, "0")}`;
    const scopes: GrantedScope[] =
      n % 3 === 1 ? ["USER_ID"] : n % 3 === 2 ? ["USER_ID", "USER_NAME", "USER_AVATAR"] : ALL_SCOPES;
    users.set(`u${n}`, {
      scopes,
      info: {
        userId: `2160${String(n).padStart(12, "0")}`,
        userName: { fullName: `${first} ${last}`, firstName: first, lastName: last },
        userNameInArabic: {
          fullName: ARABIC_FIRST[n % ARABIC_FIRST.length]!,
          firstName: ARABIC_FIRST[n % ARABIC_FIRST.length]!,
        },
        avatar: `https://avatars.example.com/wallet/u${n}.png`,
        gender: n % 4 < 2 ? (female ? "F" : "M") : female ? "FEMALE" : "MALE",
        birthDate: `${1975 + (n % 30)}-${String(1 + (n % 12)).padStart(2, "0")}-${String(1 + (n % 28)).padStart(2, "0")}`,
        nationality: NATIONALITIES[n % NATIONALITIES.length]!,
        loginIdInfos: [
          {
            loginId: phone,
            hashLoginId: `hash-${n}`,
            maskLoginId: `+964 770 ****${String(n).padStart(3, "0")}`,
            loginIdType: "MOBILE_PHONE",
          },
        ],
        contactInfos: [{ contactType: "MOBILE_PHONE", contactNo: phone }],
      },
    });
  }
  return users;
}

const FIELDS_BY_SCOPE: Record<GrantedScope, (keyof AlipayUserInfo)[]> = {
  USER_ID: ["userId"],
  USER_NAME: ["userName", "userNameInArabic"],
  USER_AVATAR: ["avatar"],
  USER_GENDER: ["gender"],
  USER_BIRTHDAY: ["birthDate"],
  USER_NATIONALITY: ["nationality"],
  USER_LOGIN_ID: ["loginIdInfos"],
  USER_CONTACTINFO: ["contactInfos"],
};

/** The fields the user's granted scopes let the mini program see. */
export function visibleInfo(user: WalletUser): AlipayUserInfo {
  const fields = new Set(user.scopes.flatMap((scope) => FIELDS_BY_SCOPE[scope]));
  return Object.fromEntries(
    Object.entries(user.info).filter(([key]) => fields.has(key as keyof AlipayUserInfo)),
  );
}
