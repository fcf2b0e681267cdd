import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TencentImClient, type AccountOutcome } from "../../../src/providers/tencent-im/client.js";
import type { PortraitGetRequest, PortraitGetResponse } from "../../../src/providers/tencent-im/types.js";

/**
 * A stand-in for Tencent over real HTTP that answers each call through `respond`: here the point is what the
 * client makes of an answer, not whether it signed the call (the emulator tests check that).
 */
let respond: (request: PortraitGetRequest) => PortraitGetResponse;
let server: http.Server;
let client: TencentImClient;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(respond(JSON.parse(body) as PortraitGetRequest)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  client = new TencentImClient({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sdkAppId: 1400000001,
    adminIdentifier: "administrator",
    customTags: [],
    timeoutMs: 2000,
    userSig: { current: () => "sig", invalidate: () => {} },
  });
});
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
