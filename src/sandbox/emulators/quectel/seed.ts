import type { QuectelUserInfo } from "../../../providers/quectel/types.js";
import { GIVEN_NAMES } from "../shared/sample-names.js";

const CITIES = [
  ["Shenzhen", "Guangdong", "CN", "Asia/Shanghai", "zh-CN"],
  ["Hefei", "Anhui", "CN", "Asia/Shanghai", "zh-CN"],
  ["Munich", "Bavaria", "DE", "Europe/Berlin", "de-DE"],
  ["Lyon", "Auvergne-Rhone-Alpes", "FR", "Europe/Paris", "fr-FR"],
  ["Austin", "Texas", "US", "America/Chicago", "en-US"],
  ["Sao Paulo", "SP", "BR", "America/Sao_Paulo", "pt-BR"],
] as const;

/** 2021-01-01T00:00:00Z, the seed's first registration. */
const EPOCH_SECONDS = 1_609_459_200;

/**
 * Deterministic end users `u1` … `u{count}` (the IM emulator's first thousand ids; `u1001` and up are unknown
 * here). Data varies the way real tenants' does: some users have no email or phone, some are disabled, times come
 * in seconds for some users and milliseconds for others, `sex` is 0/1/2 or missing.
 */
export function seedQuectelUsers(count = 1000): Map<string, QuectelUserInfo> {
  const users = new Map<string, QuectelUserInfo>();
  for (let n = 1; n <= count; n++) {
    const [city, province, nationality, timezone, lang] = CITIES[n % CITIES.length]!;
    const registeredSeconds = EPOCH_SECONDS + n * 86_400;
    const lastLoginSeconds = registeredSeconds + (n % 90) * 3600;
    const inMilliseconds = n % 2 === 0;
    users.set(`u${n}`, {
      uid: `u${n}`,
      nikeName: `${GIVEN_NAMES[n % GIVEN_NAMES.length]} Q${n}`,
      headimg: `https://avatars.example.com/quectel/u${n}.jpg`,
      email: n % 4 === 0 ? null : `u${n}@quectel.example.com`,
      phone: n % 5 === 0 ? "" : `+86 138 0000 ${String(n).padStart(4, "0")}`,
      address: `${n} Example Road`,
      city,
      province,
      nationality,
      timezone,
      lang,
      signature: n % 3 === 0 ? `Signature of u${n}` : null,
      remark: null,
      userDomain: "C.DM.5903.1",
      status: n % 25 === 0 ? 0 : 1,
      registerTime: new Date(registeredSeconds * 1000).toISOString().replace("T", " ").slice(0, 19),
      registerTimeTs: inMilliseconds ? registeredSeconds * 1000 : registeredSeconds,
      lastLoginTime: new Date(lastLoginSeconds * 1000).toISOString().replace("T", " ").slice(0, 19),
      lastLoginTimeTs: inMilliseconds ? lastLoginSeconds * 1000 : lastLoginSeconds,
      logonMode: n % 4,
      sex: n % 7 === 0 ? null : n % 3,
      wechatUnionId: n % 2 === 0 ? `wx-union-${n}` : null,
      wechatOffiaccountUserId: null,
      wechatMiniprogramUserId: n % 6 === 0 ? `wx-mini-${n}` : null,
      alipayUserId: n % 5 === 0 ? `2088${String(n).padStart(12, "0")}` : null,
      appleUserId: n % 8 === 0 ? `apple.${n}` : null,
      facebookUserId: null,
      twitterUserId: null,
      qqUserId: n % 9 === 0 ? `qq-${n}` : null,
    });
  }
  return users;
}
