import { Gender } from "../../domain/gender.js";
import { decodeText } from "../decode.js";
import { QuectelUserStatus, type QuectelEndUserRecord } from "./model.js";
import type { QuectelUserInfo } from "./types.js";

/** Below this, a Unix time is in seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_BELOW = 1e11;

const text = (value: unknown) => decodeText(value, { acceptNumbers: true });

/**
 * A point in time from a Unix timestamp in seconds or milliseconds (told apart by magnitude), a numeric string
 * of either, or a date text. Anything else, or zero, is null.
 */
export function decodeTime(value: unknown): Date | null {
  const raw = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof raw === "number") {
    if (!Number.isFinite(raw) || raw <= 0) return null;
    return new Date(raw < SECONDS_BELOW ? raw * 1000 : raw);
  }
  if (typeof raw === "string") {
    // V8 reads "2023-11-14 22:13:20Z" as it reads the ISO form with a T; a blank text is NaN.
    const parsed = Date.parse(raw);
    return Number.isNaN(parsed) ? null : new Date(parsed);
  }
  return null;
}

/**
 * `sex` is undocumented. Values seen in Quectel apps: 0 unknown, 1 male, 2 female, and spelled-out words; only
 * those are mapped, anything else stays in sexRaw alone.
 */
export function decodeSex(value: unknown): Gender | null {
  const raw = text(value)?.toLowerCase();
  if (raw === "1" || raw === "male" || raw === "m") return Gender.MALE;
  if (raw === "2" || raw === "female" || raw === "f") return Gender.FEMALE;
  if (raw === "0" || raw === "unknown") return Gender.UNKNOWN;
  return null;
}

function decodeStatus(value: unknown): { status: QuectelUserStatus | null; statusRaw: number | null } {
  const raw = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof raw !== "number") return { status: null, statusRaw: null };
  const status = raw === 0 ? QuectelUserStatus.DISABLED : raw === 1 ? QuectelUserStatus.ACTIVE : null;
  return { status, statusRaw: raw };
}

/** userInfo's `data` → the graph's record. The `*Ts` fields win over the `*Time` ones when both parse. */
export function toQuectelEndUser(uid: string, data: QuectelUserInfo): QuectelEndUserRecord {
  return {
    uid: text(data.uid) ?? uid,
    nickname: text(data.nikeName),
    avatarUrl: text(data.headimg),
    email: text(data.email),
    phone: text(data.phone),
    address: text(data.address),
    city: text(data.city),
    province: text(data.province),
    nationality: text(data.nationality),
    timezone: text(data.timezone),
    language: text(data.lang),
    signature: text(data.signature),
    remark: text(data.remark),
    userDomain: text(data.userDomain),
    ...decodeStatus(data.status),
    registeredAt: decodeTime(data.registerTimeTs) ?? decodeTime(data.registerTime),
    lastLoginAt: decodeTime(data.lastLoginTimeTs) ?? decodeTime(data.lastLoginTime),
    logonMode: text(data.logonMode),
    gender: decodeSex(data.sex),
    sexRaw: text(data.sex),
    linkedAccounts: {
      wechatUnionId: text(data.wechatUnionId),
      wechatOfficialAccountId: text(data.wechatOffiaccountUserId),
      wechatMiniProgramId: text(data.wechatMiniprogramUserId),
      alipayUserId: text(data.alipayUserId),
      appleUserId: text(data.appleUserId),
      facebookUserId: text(data.facebookUserId),
      twitterUserId: text(data.twitterUserId),
      qqUserId: text(data.qqUserId),
    },
  };
}
