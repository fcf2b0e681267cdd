/** Wire DTOs of `v4/profile/portrait_get`, exactly as Tencent writes them. Only this folder reads them. */

export interface PortraitGetRequest {
  To_Account: string[];
  TagList: string[];
}

export interface ProfileItem {
  Tag: string;
  Value: unknown;
}

export interface UserProfileItem {
  To_Account: string;
  ProfileItem?: ProfileItem[];
  ResultCode: number;
  ResultInfo?: string;
}

export interface PortraitGetResponse {
  UserProfileItem?: UserProfileItem[];
  Fail_Account?: string[];
  ActionStatus: "OK" | "FAIL";
  ErrorCode: number;
  ErrorInfo?: string;
  ErrorDisplay?: string;
}
