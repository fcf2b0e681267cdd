import DataLoader from "dataloader";
import type { PortraitBatcher } from "./batcher.js";
import { toTencentImProfile } from "./mapper.js";
import type { TencentImProfileRecord } from "./model.js";

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
