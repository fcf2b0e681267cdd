import DataLoader from "dataloader";
import { transportError } from "../http.js";
import { MAX_ACCOUNTS_PER_CALL, type AccountOutcome, type TencentImClient } from "./client.js";

export interface PortraitBatcherOptions {
  /**
   * How long lookups wait for other requests' lookups to share their calls (0: only lookups made in the same
   * tick share a call).
   */
  coalesceWindowMs: number;
}

/**
 * Merges the IM lookups of concurrent requests into shared portrait_get calls. Each request's own loader already
 * batches and deduplicates within the request; this process-wide stage waits `coalesceWindowMs` for other
 * requests' lookups and fills calls up to 100 accounts, so a burst of small requests (a frontend's, or a router's
 * many `_entities` fetches) spends the 200 calls/s budget on full calls. It caches nothing: a result is never
 * reused past the calls that asked for it.
 */
export class PortraitBatcher {
  private readonly loader: DataLoader<string, AccountOutcome>;

  constructor(client: Pick<TencentImClient, "portraitGet">, options: PortraitBatcherOptions) {
    this.loader = new DataLoader<string, AccountOutcome>(
      async (keys) => {
        // Two requests may ask for the same account in one window: ask Tencent once.
        const outcomes = await client.portraitGet([...new Set(keys)]);
        return keys.map((key) => outcomes.get(key) ?? { status: "not-found" });
      },
      {
        name: "tencentIm.portraitGet",
        cache: false,
        maxBatchSize: MAX_ACCOUNTS_PER_CALL,
        ...(options.coalesceWindowMs > 0
          ? { batchScheduleFn: (dispatch: () => void) => void setTimeout(dispatch, options.coalesceWindowMs) }
          : {}),
      },
    );
  }

  /** The outcome of each account, from whichever call carried it. */
  async lookup(accounts: readonly string[]): Promise<Map<string, AccountOutcome>> {
    const outcomes = await this.loader.loadMany(accounts);
    return new Map(
      accounts.map((account, index) => {
        const outcome = outcomes[index]!;
        // portraitGet gives every account an outcome and never rejects; if it ever did, the account fails alone.
        const settled: AccountOutcome =
          outcome instanceof Error
            ? { status: "failed", error: transportError(outcome, "tencentIm", "Tencent IM") }
            : outcome;
        return [account, settled];
      }),
    );
  }
}
