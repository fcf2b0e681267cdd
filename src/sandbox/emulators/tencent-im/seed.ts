import { FAMILY_NAMES, GIVEN_NAMES } from "../shared/sample-names.js";

/** One seeded account: tag name → value, as Tencent stores it. */
export type ImSeedUser = Record<string, string | number>;

const GENDERS = ["Gender_Type_Female", "Gender_Type_Male", "Gender_Type_Unknown"];
const ALLOW_TYPES = ["AllowType_Type_NeedConfirm", "AllowType_Type_AllowAny", "AllowType_Type_DenyAny"];
const LOCATIONS = ["CN-GD-SZ", "SG", "KR-11", "JP-13", "DE-HE", "IN-MH", "US-CA", "ID-JK"];

/**
 * Deterministic sample accounts `u1` … `u{count}` with every standard tag and the custom tag
 * `Tag_Profile_Custom_Test`. The same id always gets the same profile, so docs and tests can quote values.
 */
export function seedImUsers(count = 2000): Map<string, ImSeedUser> {
  const users = new Map<string, ImSeedUser>();
  for (let n = 1; n <= count; n++) {
    const nick = `${GIVEN_NAMES[n % GIVEN_NAMES.length]} ${FAMILY_NAMES[n % FAMILY_NAMES.length]}`;
    const year = 1960 + (n % 45);
    const month = 1 + (n % 12);
    const day = 1 + (n % 28);
    users.set(`u${n}`, {
      Tag_Profile_IM_Nick: nick,
      Tag_Profile_IM_Gender: GENDERS[n % GENDERS.length]!,
      Tag_Profile_IM_BirthDay: year * 10000 + month * 100 + day,
      Tag_Profile_IM_Location: LOCATIONS[n % LOCATIONS.length]!,
      Tag_Profile_IM_SelfSignature: `Hello from u${n}`,
      Tag_Profile_IM_AllowType: ALLOW_TYPES[n % ALLOW_TYPES.length]!,
      Tag_Profile_IM_Language: n % 5,
      Tag_Profile_IM_Image: `https://avatars.example.com/im/u${n}.png`,
      Tag_Profile_IM_MsgSettings: n % 10 === 0 ? 1 : 0,
      Tag_Profile_IM_AdminForbidType: n % 50 === 0 ? "AdminForbid_Type_SendOut" : "AdminForbid_Type_None",
      Tag_Profile_IM_Level: n % 100,
      Tag_Profile_IM_Role: n % 3,
      Tag_Profile_Custom_Test: `custom-${n}`,
    });
  }
  return users;
}
