import type DataLoader from "dataloader";
import { createSingleCallLoader } from "../single-call-loader.js";
import type { QuectelClient } from "./client.js";
import { toQuectelEndUser } from "./mapper.js";
import type { QuectelEndUserRecord } from "./model.js";

export type QuectelLoader = DataLoader<string, QuectelEndUserRecord | null>;

/**
 * One per request. Quectel has no batch endpoint, so N distinct uids are N calls (bounded by the client's
 * concurrency limit); the loader's value is its per-request cache: a uid is fetched once however often it is
 * selected.
 */
export function createQuectelLoader(client: QuectelClient): QuectelLoader {
  return createSingleCallLoader("quectel", async (uid) => {
    const data = await client.userInfo(uid);
    return data ? toQuectelEndUser(uid, data) : null;
  });
}
