import type DataLoader from "dataloader";
import type { LoaderRequest } from "../../domain/source.js";
import { throughCache, type AnswerCache, type CachePolicy } from "../../fleet/cache.js";
import { createSingleCallLoader } from "../single-call-loader.js";
import type { QuectelClient } from "./client.js";
import { toQuectelEndUser } from "./mapper.js";
import type { QuectelEndUserRecord } from "./model.js";
import type { QuectelUserInfo } from "./types.js";

export type QuectelLoader = DataLoader<string, QuectelEndUserRecord | null>;

/**
 * One per request. Quectel has no batch endpoint, so N distinct uids are N calls (bounded by the client's
 * concurrency limit); the loader's value is its per-request cache: a uid is fetched once however often it is
 * selected.
 */
export function createQuectelLoader(
  client: Pick<QuectelClient, "userInfo">,
  request: LoaderRequest,
): QuectelLoader {
  return createSingleCallLoader("quectel", async (uid) => {
    const data = await client.userInfo(uid, request.signal);
    return data ? toQuectelEndUser(uid, data) : null;
  });
}

/**
 * The client behind the cross-request answer cache (when the deployment turned it on): what Quectel said of a uid
 * (its record, or "not found") is kept; a failure is never kept. `scope` names the tenant and AccessKey in the
 * keys.
 */
export function cachedUserInfo(
  client: Pick<QuectelClient, "userInfo">,
  cache: AnswerCache | null,
  policy: CachePolicy,
  scope: string,
): Pick<QuectelClient, "userInfo"> {
  if (!cache) return client;
  return {
    async userInfo(uid, signal) {
      const answers = await throughCache<QuectelUserInfo>(
        cache,
        policy,
        (key) => `${scope}:${key}`,
        [uid],
        async () => new Map([[uid, await client.userInfo(uid, signal).catch((error: Error) => error)]]),
      );
      const answer = answers.get(uid);
      if (answer instanceof Error) throw answer;
      return answer ?? null;
    },
  };
}
