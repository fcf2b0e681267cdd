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

/** How many arrival times each path keeps (the most recent), for rate measurements over a run. */
const ARRIVALS_KEPT = 100_000;

/** Per-path counters of one emulator. */
export class EmulatorStats {
  private readonly byPath = new Map<string, EndpointStats & { inFlight: number; arrivals: number[] }>();

  private entry(path: string) {
    let entry = this.byPath.get(path);
    if (!entry) {
      entry = { calls: 0, accounts: 0, maxBatch: 0, maxInFlight: 0, inFlight: 0, arrivals: [] };
      this.byPath.set(path, entry);
    }
    return entry;
  }

  /** Counts a call as it arrives; call the returned function when its answer has been sent. */
  begin(path: string): () => void {
    const entry = this.entry(path);
    entry.calls += 1;
    entry.inFlight += 1;
    entry.arrivals.push(Date.now());
    if (entry.arrivals.length > ARRIVALS_KEPT)
      entry.arrivals.splice(0, entry.arrivals.length - ARRIVALS_KEPT);
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

  /** When the most recent calls arrived (epoch milliseconds, oldest first): what a rate over any window is read from. */
  arrivals(path: string): readonly number[] {
    return this.entry(path).arrivals;
  }

  /** The most calls that arrived within any `windowMs` (sliding over every arrival, however the window is placed). */
  maxCallsInWindow(path: string, windowMs = 1000, since = 0): number {
    const times = this.entry(path).arrivals.filter((at) => at >= since);
    let most = 0;
    for (let start = 0, end = 0; start < times.length; start++) {
      while (end < times.length && times[end]! < times[start]! + windowMs) end++;
      most = Math.max(most, end - start);
    }
    return most;
  }

  snapshot(): Record<string, EndpointStats> {
    return Object.fromEntries([...this.byPath.keys()].map((path) => [path, this.get(path)]));
  }

  reset(): void {
    this.byPath.clear();
  }
}
