import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Logger } from "../../../src/logger.js";
import { TencentImClient, type AccountOutcome } from "../../../src/providers/tencent-im/client.js";
import type { PortraitGetRequest, PortraitGetResponse } from "../../../src/providers/tencent-im/types.js";
import type { UserSigSource } from "../../../src/providers/tencent-im/user-sig.js";
import { recordingLogger } from "../../support/doubles.js";

/**
 * A stand-in for Tencent over real HTTP that answers each call through `respond`: here the point is what the
 * client makes of an answer, not whether it signed the call (the emulator tests check that).
 */
/** A body and status of the test's choosing, for answers that are not Tencent's JSON. */
type Raw = { raw: string; status?: number };
let respond: (request: PortraitGetRequest) => PortraitGetResponse | Raw;
let server: http.Server;
let client: TencentImClient;
let baseUrl: string;
let calls = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      calls++;
      const answer = respond(JSON.parse(body) as PortraitGetRequest);
      res.writeHead("raw" in answer ? (answer.status ?? 200) : 200, { "content-type": "application/json" });
      res.end("raw" in answer ? answer.raw : JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = imClient();
});
beforeEach(() => {
  calls = 0;
});

function imClient(options: { baseUrl?: string; logger?: Logger; userSig?: UserSigSource } = {}) {
  return new TencentImClient({
    baseUrl: options.baseUrl ?? baseUrl,
    sdkAppId: 1400000001,
    adminIdentifier: "administrator",
    customTags: [],
    timeoutMs: 2000,
    userSig: options.userSig ?? { current: () => "sig", invalidate: () => {} },
    logger: options.logger,
  });
}
afterAll(() => new Promise((resolve) => server.close(resolve)));

const nickOf = (outcome: AccountOutcome | undefined) =>
  outcome?.status === "found"
    ? outcome.items.find((item) => item.Tag === "Tag_Profile_IM_Nick")?.Value
    : outcome;

describe("TencentImClient reads portrait_get answers by account", () => {
  it("matches items to accounts by To_Account, whatever order Tencent answers in", async () => {
    respond = (request) => ({
      ActionStatus: "OK",
      ErrorCode: 0,
      UserProfileItem: [...request.To_Account].reverse().map((account) => ({
        To_Account: account,
        ResultCode: 0,
        ProfileItem: [{ Tag: "Tag_Profile_IM_Nick", Value: `nick of ${account}` }],
      })),
    });
    const answer = await client.portraitGet(["u1", "u2", "u3"]);
    expect(answer.status).toBe("answered");
    if (answer.status !== "answered") return;
    expect(["u1", "u2", "u3"].map((account) => nickOf(answer.outcomes.get(account)))).toEqual([
      "nick of u1",
      "nick of u2",
      "nick of u3",
    ]);
  });

  it("a failed item fails its own account only; an account the answer leaves out is not found", async () => {
    respond = () => ({
      ActionStatus: "OK",
      ErrorCode: 0,
      UserProfileItem: [
        { To_Account: "u3", ResultCode: 0, ProfileItem: [{ Tag: "Tag_Profile_IM_Nick", Value: "three" }] },
        { To_Account: "u1", ResultCode: 40006, ResultInfo: "internal error" },
      ],
    });
    const answer = await client.portraitGet(["u1", "u2", "u3"]);
    if (answer.status !== "answered") throw new Error(`expected an answer, got ${answer.status}`);
    const u1 = answer.outcomes.get("u1");
    expect(u1?.status === "failed" && u1.error.extensions).toMatchObject({
      providerCode: 40006,
      source: "tencentIm",
    });
    expect(answer.outcomes.get("u2")).toEqual({ status: "not-found" });
    expect(nickOf(answer.outcomes.get("u3"))).toBe("three");
  });

  it("a call-level rate limit without items is a retry for the batcher, not a failure", async () => {
    respond = () => ({ ActionStatus: "FAIL", ErrorCode: 60011, ErrorInfo: "too many calls" });
    const answer = await client.portraitGet(["u1"]);
    expect(answer).toMatchObject({ status: "retry", reason: "rate-limited" });
  });
});

/** An answered call's outcome per account, errors as their message, code and retryability. */
async function outcomesOf(accounts: string[], imClientToUse = client) {
  const answer = await imClientToUse.portraitGet(accounts);
  if (answer.status !== "answered") throw new Error(`expected an answer, got ${answer.status}`);
  return {
    slowDown: answer.slowDown,
    outcomes: Object.fromEntries(
      [...answer.outcomes].map(([account, outcome]) => [
        account,
        outcome.status === "failed"
          ? {
              failed: outcome.error.message,
              code: outcome.error.extensions.code,
              providerCode: outcome.error.extensions.providerCode,
              retryable: outcome.error.extensions.retryable,
            }
          : outcome,
      ]),
    ),
  };
}

const UNREADABLE = {
  failed: "Tencent IM answered something unreadable for this account",
  code: "SOURCE_UNAVAILABLE",
  providerCode: undefined,
  retryable: true,
};
const nick = (value: string) => [{ Tag: "Tag_Profile_IM_Nick", Value: value }];
const ok = (items: unknown[]): Raw => ({
  raw: JSON.stringify({ ActionStatus: "OK", ErrorCode: 0, UserProfileItem: items }),
});

describe("TencentImClient: the call itself", () => {
  it("no accounts: an empty answer without a call", async () => {
    expect(await client.portraitGet([])).toEqual({
      status: "answered",
      outcomes: new Map(),
      slowDown: false,
    });
    expect(calls).toBe(0);
  });

  it("more than 100 accounts: refused before any call", async () => {
    const accounts = Array.from({ length: 101 }, (_, index) => `u${index}`);
    await expect(client.portraitGet(accounts)).rejects.toThrow(
      new RangeError("portrait_get takes at most 100 accounts, got 101"),
    );
    expect(calls).toBe(0);
  });

  it("a Tencent that cannot be reached fails every account of the call, retryable, without slowing down", async () => {
    // The discard port: nothing listens there.
    const closed = imClient({ baseUrl: "http://127.0.0.1:9" });
    const failed = {
      failed: "Tencent IM could not be reached (ECONNREFUSED)",
      code: "SOURCE_UNAVAILABLE",
      providerCode: undefined,
      retryable: true,
    };
    expect(await outcomesOf(["u1", "u2"], closed)).toEqual({
      slowDown: false,
      outcomes: { u1: failed, u2: failed },
    });
  });

  it("an answer that is not Tencent's JSON fails every account with the HTTP status it came with", async () => {
    for (const raw of ["null", "[]", '"text"', "{}", '{"ErrorCode":"0"}', '{"ActionStatus":"OK"}']) {
      respond = () => ({ raw });
      const { outcomes } = await outcomesOf(["u1"]);
      expect(outcomes.u1, raw).toEqual({
        failed: "Tencent IM (unreadable answer) answered HTTP 200",
        code: "SOURCE_UNAVAILABLE",
        providerCode: 200,
        retryable: false,
      });
    }
    respond = () => ({ raw: "<html>Bad Gateway</html>", status: 502 });
    expect((await outcomesOf(["u1"])).outcomes.u1).toMatchObject({ failed: "Tencent IM answered HTTP 502" });
  });
});

describe("TencentImClient: call-level codes", () => {
  it("an expired UserSig without items: renewed, and the call is to be sent again", async () => {
    const userSig = { current: vi.fn(() => "sig"), invalidate: vi.fn() };
    respond = () => ({ ActionStatus: "FAIL", ErrorCode: 70001, ErrorInfo: "UserSig expired" });
    const answer = await imClient({ userSig }).portraitGet(["u1"]);
    expect(answer).toMatchObject({ status: "retry", reason: "usersig-renewed" });
    expect(answer.status === "retry" && answer.error.extensions.providerCode).toBe(70001);
    expect(userSig.invalidate).toHaveBeenCalledTimes(1);
  });

  it("a passing fault without items is to be sent again", async () => {
    respond = () => ({ ActionStatus: "FAIL", ErrorCode: 40006, ErrorInfo: "internal error" });
    const answer = await client.portraitGet(["u1"]);
    expect(answer).toMatchObject({ status: "retry", reason: "transient" });
    expect(answer.status === "retry" && answer.error.extensions.providerCode).toBe(40006);
  });

  it("with items, a call-level code does not stop the items' own results", async () => {
    respond = () => ({
      ActionStatus: "FAIL",
      ErrorCode: 60011,
      UserProfileItem: [{ To_Account: "u1", ResultCode: 0, ProfileItem: nick("one") }],
    });
    expect((await outcomesOf(["u1"])).outcomes.u1).toEqual({ status: "found", items: nick("one") });
  });

  it("no items: OK and 'not found' leave every account not found; another code fails them all with it", async () => {
    for (const answer of [
      { ErrorCode: 0 },
      { ErrorCode: 0, UserProfileItem: null },
      { ErrorCode: 0, UserProfileItem: [] },
      { ErrorCode: 40003 },
    ]) {
      respond = () => ({ raw: JSON.stringify({ ActionStatus: "OK", ...answer }) });
      expect(await outcomesOf(["u1", "u2"]), JSON.stringify(answer)).toEqual({
        slowDown: false,
        outcomes: { u1: { status: "not-found" }, u2: { status: "not-found" } },
      });
    }
    respond = () => ({ ActionStatus: "FAIL", ErrorCode: 91000, ErrorInfo: "vendor text" });
    expect((await outcomesOf(["u1"])).outcomes.u1).toEqual({
      failed: "Tencent IM could not return the profile (code 91000)",
      code: "SOURCE_UNAVAILABLE",
      providerCode: 91000,
      retryable: false,
    });
  });

  it("the signature-failure limit fails the call's accounts and asks the budget to slow down", async () => {
    respond = () => ({ ActionStatus: "FAIL", ErrorCode: 70050, ErrorInfo: "too many signature failures" });
    const { slowDown, outcomes } = await outcomesOf(["u1"]);
    expect(slowDown).toBe(true);
    expect(outcomes.u1).toMatchObject({ code: "SOURCE_RATE_LIMITED", providerCode: 70050 });
  });

  it("logs a deployment error as an error, another failed call as a warning, and a good one not at all", async () => {
    const logger = recordingLogger();
    const logged = imClient({ logger });
    for (const [ErrorCode, error, warn] of [
      [0, 0, 0],
      [40003, 0, 0],
      [70003, 1, 0],
      [91000, 1, 1],
    ] as const) {
      respond = () => ({ ActionStatus: ErrorCode === 0 ? "OK" : "FAIL", ErrorCode });
      await logged.portraitGet(["u1"]);
      expect([logger.error.mock.calls.length, logger.warn.mock.calls.length], String(ErrorCode)).toEqual([
        error,
        warn,
      ]);
    }
  });
});

describe("TencentImClient: items", () => {
  it("an item is read on its own: its code, its tags, its account", async () => {
    respond = () =>
      ok([
        { To_Account: "found", ResultCode: 0, ProfileItem: nick("F") },
        { To_Account: "no-tags", ResultCode: 0 },
        { To_Account: "null-tags", ResultCode: 0, ProfileItem: null },
        { To_Account: "gone", ResultCode: 40003 },
        { To_Account: "code-as-text", ResultCode: "0", ProfileItem: nick("X") },
        { To_Account: "tags-not-a-list", ResultCode: 0, ProfileItem: "x" },
        { To_Account: "tag-without-name", ResultCode: 0, ProfileItem: [...nick("Y"), { Value: "v" }] },
        { To_Account: "tag-not-an-object", ResultCode: 0, ProfileItem: [...nick("Y"), null] },
        { To_Account: "refused", ResultCode: 70003 },
        // Neither asked for nor a second answer for an account: ignored.
        { To_Account: "stranger", ResultCode: 0, ProfileItem: nick("S") },
        { To_Account: "found", ResultCode: 0, ProfileItem: nick("second") },
      ]);
    const accounts = [
      "found",
      "no-tags",
      "null-tags",
      "gone",
      "code-as-text",
      "tags-not-a-list",
      "tag-without-name",
      "tag-not-an-object",
      "refused",
      "unmentioned",
    ];
    const { outcomes } = await outcomesOf(accounts);
    expect(outcomes).toEqual({
      found: { status: "found", items: nick("F") },
      "no-tags": { status: "found", items: [] },
      "null-tags": { status: "found", items: [] },
      gone: { status: "not-found" },
      "code-as-text": UNREADABLE,
      "tags-not-a-list": UNREADABLE,
      "tag-without-name": UNREADABLE,
      "tag-not-an-object": UNREADABLE,
      refused: {
        failed: "Tencent IM rejected this service's request or credentials (code 70003)",
        code: "SOURCE_UNAVAILABLE",
        providerCode: 70003,
        retryable: false,
      },
      // An answer that names every item it has, and not this account: Tencent does not know it.
      unmentioned: { status: "not-found" },
    });
  });

  it("an item that names no account leaves the unanswered accounts failed, not unknown", async () => {
    for (const stray of [null, 7, ["u2"], { ResultCode: 0 }, { To_Account: 2, ResultCode: 0 }]) {
      respond = () => ok([{ To_Account: "u1", ResultCode: 0, ProfileItem: nick("one") }, stray]);
      expect((await outcomesOf(["u1", "u2"])).outcomes, JSON.stringify(stray)).toEqual({
        u1: { status: "found", items: nick("one") },
        u2: UNREADABLE,
      });
    }
  });

  it("a list of items that is not a list fails every account as unreadable", async () => {
    respond = () => ({ raw: JSON.stringify({ ActionStatus: "OK", ErrorCode: 0, UserProfileItem: "x" }) });
    expect((await outcomesOf(["u1", "u2"])).outcomes).toEqual({ u1: UNREADABLE, u2: UNREADABLE });
  });
});
