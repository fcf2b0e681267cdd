import type { IncomingHttpHeaders } from "node:http";
import { firstHeader as header } from "../../viewer.js";

/** The end user's device, described by headers OneAccess requires on every call. */
export interface OneAccessDevice {
  operatingSystemVersion: string;
  fingerprint: string;
  agent: string;
  ip?: string;
  language?: string;
}

/** The incoming headers that carry the viewer's OneAccess session and device (lower-case, as Node gives them). */
export const ONEACCESS_SESSION_HEADER = "x-oneaccess-session-token";
const REQUIRED_DEVICE_HEADERS = ["x-operating-sys-version", "x-device-fingerprint", "x-agent"] as const;
/** Every header the source reads from the incoming request. */
export const ONEACCESS_REQUEST_HEADERS = [
  ONEACCESS_SESSION_HEADER,
  ...REQUIRED_DEVICE_HEADERS,
  "x-device-ip",
  "x-l",
] as const;

/**
 * What a session token may look like before it is used: the characters of Base64, Base64url and opaque tokens,
 * and no more than fits the RSA-OAEP signature of a 2048-bit key beside the timestamp and nonce. In particular no
 * `&`, which would end `session_token=…` inside the signed text.
 */
export const SESSION_TOKEN = /^[A-Za-z0-9._~+/=-]{1,128}$/;

export type OneAccessCredentials =
  | { status: "ok"; sessionToken: string; device: OneAccessDevice }
  | { status: "no-session" }
  | { status: "malformed-session" }
  | { status: "missing-device-headers"; missing: string[] };

/**
 * Reads the viewer's OneAccess session token and device headers from the incoming request. `x-agent` falls back
 * to the request's User-Agent, since a browser calling this service directly is the end user's device.
 */
export function readOneAccessCredentials(headers: IncomingHttpHeaders): OneAccessCredentials {
  const sessionToken = header(headers, ONEACCESS_SESSION_HEADER);
  if (!sessionToken) return { status: "no-session" };
  if (!SESSION_TOKEN.test(sessionToken)) return { status: "malformed-session" };
  const values = {
    "x-operating-sys-version": header(headers, "x-operating-sys-version"),
    "x-device-fingerprint": header(headers, "x-device-fingerprint"),
    "x-agent": header(headers, "x-agent") ?? header(headers, "user-agent"),
  };
  const missing = REQUIRED_DEVICE_HEADERS.filter((name) => !values[name]);
  if (missing.length > 0) return { status: "missing-device-headers", missing };
  return {
    status: "ok",
    sessionToken,
    device: {
      operatingSystemVersion: values["x-operating-sys-version"]!,
      fingerprint: values["x-device-fingerprint"]!,
      agent: values["x-agent"]!,
      ip: header(headers, "x-device-ip"),
      language: header(headers, "x-l"),
    },
  };
}
