/** Wire DTOs of the Huawei OneAccess SDK API. Only this folder reads them. */

export interface ServerDateResponse {
  /** The unit is not documented; it is kept as the string returned. */
  timestamp: string;
}

export interface PublicKeyResponse {
  /** X.509 SubjectPublicKeyInfo: PEM, bare Base64, or PEM with literal `\n` sequences. */
  public_key: string;
}

/** `GET /api/v2/sdk/profile` 200 body. Every field may be absent. */
export interface OneAccessProfileResponse {
  user_name?: string | null;
  name?: string | null;
  head_img?: string | null;
  email?: string | null;
  mobile?: string | null;
  attr_gender?: string | null;
  attr_birthday?: string | null;
  attr_nick_name?: string | null;
  first_name?: string | null;
  middle_name?: string | null;
  last_name?: string | null;
  /** An object in the sample, a string in the field table: both occur. */
  extension?: unknown;
}

/** 400 body. */
export interface OneAccessErrorResponse {
  error_code: string;
  error_msg?: string;
}
