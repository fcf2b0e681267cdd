/** Wire DTOs of the Quectel (Acceleronix) end-user and AccessKey auth APIs. Only this folder reads them. */

export interface QuectelTokenResponse {
  code: number;
  msg?: string;
  access_token?: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
}

export interface QuectelEnvelope<T> {
  code: number;
  msg?: string;
  extMsg?: string;
  data?: T | null;
}

/** `data` of `userInfo`, as documented (nikeName is the vendor's spelling). Every field may be absent. */
export interface QuectelUserInfo {
  address?: string | null;
  alipayUserId?: string | null;
  appleUserId?: string | null;
  city?: string | null;
  email?: string | null;
  facebookUserId?: string | null;
  headimg?: string | null;
  lang?: string | null;
  lastLoginTime?: string | number | null;
  lastLoginTimeTs?: string | number | null;
  logonMode?: number | string | null;
  nationality?: string | null;
  nikeName?: string | null;
  phone?: string | null;
  province?: string | null;
  qqUserId?: string | null;
  registerTime?: string | number | null;
  registerTimeTs?: string | number | null;
  remark?: string | null;
  sex?: number | string | null;
  signature?: string | null;
  status?: number | string | null;
  timezone?: string | null;
  twitterUserId?: string | null;
  uid?: string | null;
  userDomain?: string | null;
  wechatMiniprogramUserId?: string | null;
  wechatOffiaccountUserId?: string | null;
  wechatUnionId?: string | null;
}
