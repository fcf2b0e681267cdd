import type DataLoader from "dataloader";
import { createSingleCallLoader } from "../single-call-loader.js";
import type { AlipayPlusClient } from "./client.js";
import { toAlipayPlusUserInfo } from "./mapper.js";
import type { AlipayPlusUserInfoRecord } from "./model.js";

export type AlipayPlusLoader = DataLoader<string, AlipayPlusUserInfoRecord | null>;

/**
 * One per request, keyed by access token: however many `alipayPlus` selections a request makes (aliases, `me`
 * and `user(id: <viewer>)`), the wallet is asked once.
 */
export function createAlipayPlusLoader(client: AlipayPlusClient): AlipayPlusLoader {
  return createSingleCallLoader("alipayPlus", async (token) => {
    const info = await client.inquiryUserInfo(token);
    return info ? toAlipayPlusUserInfo(info) : null;
  });
}
