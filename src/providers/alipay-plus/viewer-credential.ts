import type { IncomingHttpHeaders } from "node:http";
import { firstHeader, type ViewerCredential } from "../../viewer.js";
import type { AlipayPlusClient } from "./client.js";
import { createAlipayPlusLoader } from "./loader.js";
import type { AlipayPlusUserInfoRecord } from "./model.js";

export const ALIPAY_PLUS_TOKEN_HEADER = "x-alipay-plus-access-token";

/** The wallet's rule for accessToken: at most 128 characters, none of `@ # ?`. */
const ACCESS_TOKEN = /^[^@#?]{1,128}$/;

/**
 * Decides, once per request, what the `alipayPlus` field can do with the request's headers. The token is
 * checked before any call; the per-request loader keyed by token makes repeated selections one call.
 */
export function alipayPlusViewerCredential(
  client: AlipayPlusClient,
  headers: IncomingHttpHeaders,
): ViewerCredential<AlipayPlusUserInfoRecord | null> {
  const token = firstHeader(headers, ALIPAY_PLUS_TOKEN_HEADER);
  if (!token) return { status: "missing", header: ALIPAY_PLUS_TOKEN_HEADER };
  if (!ACCESS_TOKEN.test(token)) {
    return {
      status: "invalid",
      message: `${ALIPAY_PLUS_TOKEN_HEADER} must be at most 128 characters, without @, # or ?`,
      extensions: { header: ALIPAY_PLUS_TOKEN_HEADER },
    };
  }
  const loader = createAlipayPlusLoader(client);
  return { status: "ready", load: () => loader.load(token) };
}
