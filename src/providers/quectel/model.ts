import type { Gender } from "../../domain/gender.js";

/** Whether the end-user account may sign in (`status`: 0 disabled, 1 normal). */
export enum QuectelUserStatus {
  DISABLED = "DISABLED",
  ACTIVE = "ACTIVE",
}

/** Ids of the user's accounts at third parties, as linked in Quectel. */
export interface QuectelLinkedAccountsRecord {
  wechatUnionId: string | null;
  wechatOfficialAccountId: string | null;
  wechatMiniProgramId: string | null;
  alipayUserId: string | null;
  appleUserId: string | null;
  facebookUserId: string | null;
  twitterUserId: string | null;
  qqUserId: string | null;
}

/** A Quectel end user as the graph sees it. */
export interface QuectelEndUserRecord {
  uid: string;
  nickname: string | null;
  avatarUrl: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  city: string | null;
  province: string | null;
  nationality: string | null;
  timezone: string | null;
  language: string | null;
  signature: string | null;
  remark: string | null;
  userDomain: string | null;
  status: QuectelUserStatus | null;
  statusRaw: number | null;
  registeredAt: Date | null;
  lastLoginAt: Date | null;
  /** Registration method: an undocumented integer, kept as Quectel sends it. */
  logonMode: string | null;
  gender: Gender | null;
  /** `sex` as Quectel sends it (undocumented values). */
  sexRaw: string | null;
  linkedAccounts: QuectelLinkedAccountsRecord;
}
