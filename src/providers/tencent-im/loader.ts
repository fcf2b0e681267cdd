import DataLoader from "dataloader";
import { throughCache, type AnswerCache, type CachePolicy } from "../../fleet/cache.js";
import { transportError } from "../http.js";
import type { PortraitBatcher } from "./batcher.js";
import type { AccountOutcome } from "./client.js";
import { toTencentImProfile } from "./mapper.js";
import type { TencentImProfileRecord } from "./model.js";
import type { ProfileItem } from "./types.js";

export type TencentImLoader = DataLoader<string, TencentImProfileRecord | null>;

/**
 * One per request. Collects every IM lookup of an execution tick and hands them to the process-wide batcher,
 * which sends them as portrait_get calls of at most 100 accounts, all at once (shared with other requests'
 * lookups of the same moment); the per-request cache makes repeated ids and repeated selections free. Each key
 * gets its own result: the profile, `null` for an account Tencent does not know, or the error for that account.
 */
export function createTencentImLoader(batcher: Pick<PortraitBatcher, "lookup">): TencentImLoader {
  return new DataLoader<string, TencentImProfileRecord | null>(
    async (ids) => {
      const outcomes = await batcher.lookup(ids);
      return ids.map((id) => {
        const outcome = outcomes.get(id);
        if (!outcome || outcome.status === "not-found") return null;
        if (outcome.status === "failed") return outcome.error;
        return toTencentImProfile(id, outcome.items);
      });
    },
    { name: "tencentIm" },
  );
}

/**
 * The batcher behind the cross-request answer cache (when the deployment turned it on): cached accounts are
 * answered without a call, the rest go to the batcher, and what Tencent said (the profile items, or "not found")
 * is kept; a failed account is never kept. `scope` names the app and its tag list in the keys.
 */
export function cachedPortraits(
  batcher: Pick<PortraitBatcher, "lookup">,
  cache: AnswerCache | null,
  policy: CachePolicy,
  scope: string,
): Pick<PortraitBatcher, "lookup"> {
  if (!cache) return batcher;
  return {
    async lookup(accounts) {
      const answers = await throughCache<ProfileItem[]>(
        cache,
        policy,
        (account) => `${scope}:${account}`,
        accounts,
        async (missing) => {
          const outcomes = await batcher.lookup(missing);
          return new Map(missing.map((account) => [account, answerOf(outcomes.get(account))]));
        },
      );
      return new Map(accounts.map((account) => [account, outcomeOf(answers.get(account))]));
    },
  };
}

const answerOf = (outcome: AccountOutcome | undefined): ProfileItem[] | null | Error =>
  !outcome || outcome.status === "not-found"
    ? null
    : outcome.status === "failed"
      ? outcome.error
      : outcome.items;

const outcomeOf = (answer: ProfileItem[] | null | Error | undefined): AccountOutcome => {
  if (answer instanceof Error)
    return { status: "failed", error: transportError(answer, "tencentIm", "Tencent IM") };
  return answer ? { status: "found", items: answer } : { status: "not-found" };
};
