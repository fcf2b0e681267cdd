/** What an emulator counts per endpoint path; `GET /__stats` returns one of these per path. */
export interface EndpointStats {
  calls: number;
  /** Accounts or users asked for, summed over calls. */
  accounts: number;
  /** The most accounts asked for in one call. */
  maxBatch: number;
  /** The most calls this endpoint was serving at the same moment. */
  maxInFlight: number;
}

/** Per-path counters of one emulator. */
export class EmulatorStats {
  private readonly byPath = new Map<string, EndpointStats & { inFlight: number }>();

  private entry(path: string) {
    let entry = this.byPath.get(path);
    if (!entry) {
      entry = { calls: 0, accounts: 0, maxBatch: 0, maxInFlight: 0, inFlight: 0 };
      this.byPath.set(path, entry);
    }
    return entry;
  }

  /** Counts a call as it arrives; call the returned function when its answer has been sent. */
  begin(path: string): () => void {
    const entry = this.entry(path);
    entry.calls += 1;
    entry.inFlight += 1;
    entry.maxInFlight = Math.max(entry.maxInFlight, entry.inFlight);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      entry.inFlight -= 1;
    };
  }

  /** Records how many accounts one call asked for. */
  countAccounts(path: string, accounts: number): void {
    const entry = this.entry(path);
    entry.accounts += accounts;
    entry.maxBatch = Math.max(entry.maxBatch, accounts);
  }

  get(path: string): EndpointStats {
    const { calls, accounts, maxBatch, maxInFlight } = this.entry(path);
    return { calls, accounts, maxBatch, maxInFlight };
  }

  snapshot(): Record<string, EndpointStats> {
    return Object.fromEntries([...this.byPath.keys()].map((path) => [path, this.get(path)]));
  }

  reset(): void {
    this.byPath.clear();
  }
}
