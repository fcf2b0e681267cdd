/** Wire DTOs of the Alipay+ mini-program OpenAPI. Only this folder reads them. */

export type ResultStatus = "S" | "U" | "F";

export interface AlipayResult {
  resultCode: string;
  resultStatus: ResultStatus;
  resultMessage?: string;
}

export interface InquiryUserInfoRequest {
  accessToken: string;
  extendInfo?: string;
}

export interface AlipayUserName {
  fullName?: string;
  firstName?: string;
  secondName?: string;
  thirdName?: string;
  lastName?: string;
}

export interface AlipayLoginIdInfo {
  loginId?: string;
  hashLoginId?: string;
  maskLoginId?: string;
  loginIdType?: string;
}

export interface AlipayContactInfo {
  contactType?: string;
  contactNo?: string;
}

/** Which fields appear depends on the scopes the user granted: every one may be missing. */
export interface AlipayUserInfo {
  userId?: string;
  loginIdInfos?: AlipayLoginIdInfo[];
  userName?: AlipayUserName;
  userNameInArabic?: AlipayUserName;
  avatar?: string;
  gender?: string;
  birthDate?: string;
  nationality?: string;
  contactInfos?: AlipayContactInfo[];
}

export interface InquiryUserInfoResponse {
  result: AlipayResult;
  userInfo?: AlipayUserInfo;
}

export interface ApplyTokenRequest {
  grantType: "AUTHORIZATION_CODE" | "REFRESH_TOKEN";
  authCode?: string;
  refreshToken?: string;
  extendInfo?: string;
}

export interface ApplyTokenResponse {
  result: AlipayResult;
  accessToken?: string;
  accessTokenExpiryTime?: string;
  refreshToken?: string;
  refreshTokenExpiryTime?: string;
  customerId?: string;
}
