import { describe, expect, it } from "vitest";
import { ErrorCode, SourceError } from "../../../src/errors.js";
import { PortraitBatcher } from "../../../src/providers/tencent-im/batcher.js";
import { MemoryCallBudget } from "../../../src/providers/tencent-im/budget.js";
import type { AccountOutcome } from "../../../src/providers/tencent-im/client.js";
import { cachedPortraits, createTencentImLoader } from "../../../src/providers/tencent-im/loader.js";
import { createAnswerCache } from "../../../src/fleet/cache.js";

/**
 * The lookup path (the process-wide batcher) over a scripted portrait_get that records each call's accounts:
 * everything but the HTTP.
 */
function scriptedClient(answer: (account: string) => AccountOutcome, coalesceWindowMs = 0) {
  const calls: string[][] = [];
  const portraitGet = async (accounts: readonly string[]) => {
    calls.push([...accounts]);
    const outcomes = new Map(accounts.map((account) => [account, answer(account)]));
    return { status: "answered" as const, outcomes, slowDown: false };
  };
  const client = new PortraitBatcher(
    { portraitGet },
    {
      budget: new MemoryCallBudget(200),
      coalesceWindowMs,
      maxQueueWaitMs: 1000,
      maxPending: 20_000,
      maxInFlight: 64,
    },
  );
  return { client, calls };
}

const found = (account: string): AccountOutcome => ({
  status: "found",
  items: [{ Tag: "Tag_Profile_IM_Nick", Value: `nick-${account}` }],
});

describe("Tencent IM loader", () => {
  it("splits 250 distinct keys into calls of 100, 100 and 50 and answers in key order", async () => {
    const { client, calls } = scriptedClient(found);
    const loader = createTencentImLoader(client);
    const keys = Array.from({ length: 250 }, (_, i) => `u${250 - i}`);
    const profiles = await loader.loadMany(keys);
    expect(calls.map((call) => call.length)).toEqual([100, 100, 50]);
    expect(profiles.map((profile) => (profile as { nick: string }).nick)).toEqual(
      keys.map((key) => `nick-${key}`),
    );
  });

  it("asks for a duplicated key once and gives every occurrence the same profile", async () => {
    const { client, calls } = scriptedClient(found);
    const loader = createTencentImLoader(client);
    const [a, b, c] = await Promise.all([loader.load("u1"), loader.load("u2"), loader.load("u1")]);
    expect(calls).toEqual([["u1", "u2"]]);
    expect(a).toBe(c);
    expect(b).not.toBe(a);
  });

  it("gives null for an unknown account and an Error for a failed one, without failing its neighbours", async () => {
    const failure = new SourceError("Tencent IM could not return the profile (code 40006)", {
      code: ErrorCode.SOURCE_UNAVAILABLE,
      source: "tencentIm",
      providerCode: 40006,
    });
    const { client } = scriptedClient((account) =>
      account === "gone"
        ? { status: "not-found" }
        : account === "broken"
          ? { status: "failed", error: failure }
          : found(account),
    );
    const loader = createTencentImLoader(client);
    const results = await loader.loadMany(["u1", "gone", "broken", "u2"]);
    expect((results[0] as { nick: string }).nick).toBe("nick-u1");
    expect(results[1]).toBeNull();
    expect(results[2]).toBe(failure);
    expect((results[3] as { nick: string }).nick).toBe("nick-u2");
  });

  it("gives null for an account the answer does not mention", async () => {
    const client = {
      async lookup() {
        return new Map<string, AccountOutcome>();
      },
    };
    expect(await createTencentImLoader(client).load("u1")).toBeNull();
  });
});

describe("Tencent IM lookups across requests", () => {
  it("requests within the window share calls: 150 + 30 accounts cost 2 calls, not 3", async () => {
    const { client, calls } = scriptedClient(found, 5);
    const first = createTencentImLoader(client);
    const second = createTencentImLoader(client);
    const [a, b] = await Promise.all([
      first.loadMany(Array.from({ length: 150 }, (_, i) => `a${i}`)),
      second.loadMany(Array.from({ length: 30 }, (_, i) => `b${i}`)),
    ]);
    expect(calls.map((call) => call.length)).toEqual([100, 80]);
    expect((a[149] as { nick: string }).nick).toBe("nick-a149");
    expect((b[0] as { nick: string }).nick).toBe("nick-b0");
  });

  it("an account two requests ask for in one window is asked once, and each request gets its own copy", async () => {
    const { client, calls } = scriptedClient(found, 5);
    const [x, y] = await Promise.all([
      createTencentImLoader(client).load("u1"),
      createTencentImLoader(client).loadMany(["u2", "u1"]),
    ]);
    expect(calls).toEqual([["u1", "u2"]]);
    expect((x as { nick: string }).nick).toBe("nick-u1");
    expect((y[1] as { nick: string }).nick).toBe("nick-u1");
  });

  it("nothing is cached across windows: the next request asks again", async () => {
    const { client, calls } = scriptedClient(found, 1);
    await createTencentImLoader(client).load("u1");
    await createTencentImLoader(client).load("u1");
    expect(calls).toEqual([["u1"], ["u1"]]);
  });
});

describe("Tencent IM lookups behind the answer cache", () => {
  it("keeps what Tencent said (a profile, or not found) and asks again only for a failed account", async () => {
    const failure = new SourceError("Tencent IM could not return the profile (code 91000)", {
      code: ErrorCode.SOURCE_UNAVAILABLE,
      source: "tencentIm",
      providerCode: 91000,
    });
    const { client, calls } = scriptedClient((account) =>
      account === "gone"
        ? { status: "not-found" }
        : account === "broken"
          ? { status: "failed", error: failure }
          : found(account),
    );
    const cached = cachedPortraits(
      client,
      createAnswerCache(60_000, null, 100),
      { ttlMs: 60_000 },
      "test-scope",
    );
    for (let round = 0; round < 2; round++) {
      const outcomes = await cached.lookup(["u1", "gone", "broken"]);
      expect(outcomes.get("u1")).toEqual(found("u1"));
      expect(outcomes.get("gone")).toEqual({ status: "not-found" });
      expect(outcomes.get("broken")).toEqual({ status: "failed", error: failure });
    }
    expect(calls).toEqual([["u1", "gone", "broken"], ["broken"]]);
  });
});
