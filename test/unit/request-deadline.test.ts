import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { tencentImSource } from "../../src/providers/tencent-im/source.js";
import { RequestDeadline } from "../../src/source-access.js";

/** A race of the deadline against work that never ends, and what became of it. */
function raceForever(deadline: RequestDeadline) {
  const outcome: { error?: unknown } = {};
  deadline.race(tencentImSource, new Promise<never>(() => {})).catch((error: unknown) => {
    outcome.error = error;
  });
  return outcome;
}

describe("RequestDeadline", () => {
  it("at REQUEST_TIMEOUT_MS aborts its signal and fails the race with SOURCE_TIMEOUT", async () => {
    const deadline = new RequestDeadline(30);
    const signal = deadline.signal!;
    const outcome = raceForever(deadline);
    await sleep(80);
    expect(signal.aborted).toBe(true);
    expect(outcome.error).toMatchObject({ extensions: { code: "SOURCE_TIMEOUT", source: "tencentIm" } });
  });

  it("released (the request has answered), its timer never fires", async () => {
    const deadline = new RequestDeadline(30);
    const signal = deadline.signal!;
    const outcome = raceForever(deadline);
    deadline.release();
    await sleep(80);
    expect(signal.aborted).toBe(false);
    expect(outcome).toEqual({});
  });
});
