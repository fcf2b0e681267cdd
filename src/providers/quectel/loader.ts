import DataLoader from "dataloader";
import type { QuectelClient } from "./client.js";
import { toQuectelEndUser } from "./mapper.js";
import type { QuectelEndUserRecord } from "./model.js";

export type QuectelLoader = DataLoader<string, QuectelEndUserRecord | null>;

/**
 * One per request. Quectel has no batch endpoint, so a batch is N single calls (bounded by the client's
 * concurrency limit); the loader's value is its per-request cache: a uid is fetched once however often it is
 * selected. One failed uid gets its own error.
 */
export function createQuectelLoader(client: QuectelClient): QuectelLoader {
  return new DataLoader<string, QuectelEndUserRecord | null>((uids) =>
    Promise.all(
      uids.map(async (uid) => {
        try {
          const data = await client.userInfo(uid);
          return data ? toQuectelEndUser(uid, data) : null;
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    ),
  );
}
