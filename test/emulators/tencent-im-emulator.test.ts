import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { deflateSync } from "node:zlib";
import axios from "axios";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TencentImEmulator } from "../../src/sandbox/emulators/tencent-im/emulator.js";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { TEST_IM, testUserSig } from "../support/stack.js";

const require = createRequire(import.meta.url);
const TencentApi = require("tls-sig-api-v2").Api as new (
  appid: number,
  key: string,
) => { genSig(identifier: string, expire: number): string };

const now = () => Math.floor(Date.now() / 1000);

/**
 * A UserSig v2 made here from its fields, independently of the service's signer: HMAC-SHA256 over the documented
 * content (which `change` may alter), zlib, Tencent's Base64.
 */
function signedUserSig(fields: Record<string, unknown>, change = (content: string) => content): string {
  const content =
    `TLS.identifier:${String(fields["TLS.identifier"])}\n` +
    `TLS.sdkappid:${String(fields["TLS.sdkappid"])}\n` +
    `TLS.time:${String(fields["TLS.time"])}\n` +
    `TLS.expire:${String(fields["TLS.expire"])}\n`;
  const sig = createHmac("sha256", TEST_IM.secretKey).update(change(content)).digest("base64");
  const json = JSON.stringify({ ...fields, "TLS.sig": sig });
  return deflateSync(json).toString("base64").replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
}

interface Item {
  To_Account: string;
  ResultCode: number;
  ResultInfo?: string;
  ProfileItem?: unknown[];
}

/** The item of `account`, wherever it is in the answer. */
const itemOf = (answer: { UserProfileItem?: unknown[] }, account: string) =>
  (answer.UserProfileItem as Item[] | undefined)?.find((item) => item.To_Account === account);

describe("Tencent IM emulator, called directly", () => {
  const emulator = new TencentImEmulator({
    sdkAppId: TEST_IM.sdkAppId,
    secretKey: TEST_IM.secretKey,
    maxCallsPerSecond: 5,
  });
  let url: string;
  beforeAll(async () => {
    url = await emulator.listen(0);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  async function call(query: Record<string, unknown>, body: unknown) {
    const params = {
      sdkappid: TEST_IM.sdkAppId,
      identifier: TEST_IM.adminIdentifier,
      usersig: testUserSig(),
      random: 12345,
      contenttype: "json",
      ...query,
    };
    const response = await axios.post(`${url}${PORTRAIT_GET_PATH}`, body, {
      params,
      validateStatus: () => true,
    });
    expect(response.status).toBe(200);
    return response.data as {
      ErrorCode: number;
      ActionStatus: string;
      UserProfileItem?: unknown[];
      Fail_Account?: string[];
    };
  }

  const body = { To_Account: ["u1"], TagList: ["Tag_Profile_IM_Nick"] };

  it("answers a UserSig made by Tencent's own tls-sig-api-v2", async () => {
    const usersig = new TencentApi(TEST_IM.sdkAppId, TEST_IM.secretKey).genSig(TEST_IM.adminIdentifier, 600);
    const answer = await call({ usersig }, body);
    expect(answer).toMatchObject({
      ActionStatus: "OK",
      ErrorCode: 0,
      UserProfileItem: [
        {
          To_Account: "u1",
          ResultCode: 0,
          ProfileItem: [{ Tag: "Tag_Profile_IM_Nick", Value: "Bo Okafor" }],
        },
      ],
    });
  });

  it("refuses a UserSig signed with another key (70009), for another identifier (70013) or app (70014)", async () => {
    const sign = testUserSig;
    expect(
      (await call({ usersig: sign({ secretKey: "another-key-entirely-000000" }) }, body)).ErrorCode,
    ).toBe(70009);
    expect((await call({ usersig: sign({ identifier: "someone" }) }, body)).ErrorCode).toBe(70013);
    expect((await call({ usersig: sign({ sdkAppId: 1400000002 }) }, body)).ErrorCode).toBe(70014);
    expect((await call({ usersig: "not-a-usersig" }, body)).ErrorCode).toBe(70003);
    expect((await call({ usersig: sign({ time: now() - 7200 }) }, body)).ErrorCode).toBe(70001);
  });

  it("refuses a call without a UserSig (70002), and a UserSig that is not version 2 or has no whole times (70003)", async () => {
    expect((await call({ usersig: undefined }, body)).ErrorCode).toBe(70002);
    const fields = {
      "TLS.ver": "2.0",
      "TLS.identifier": TEST_IM.adminIdentifier,
      "TLS.sdkappid": TEST_IM.sdkAppId,
      "TLS.time": now(),
      "TLS.expire": 3600,
    };
    expect((await call({ usersig: signedUserSig(fields) }, body)).ErrorCode).toBe(0);
    expect((await call({ usersig: signedUserSig({ ...fields, "TLS.ver": "1.0" }) }, body)).ErrorCode).toBe(
      70003,
    );
    expect(
      (await call({ usersig: signedUserSig({ ...fields, "TLS.time": now() + 0.5 }) }, body)).ErrorCode,
    ).toBe(70003);
    expect(
      (await call({ usersig: signedUserSig({ ...fields, "TLS.expire": "soon" }) }, body)).ErrorCode,
    ).toBe(70003);
  });

  it("verifies TLS.sig over the documented content: identifier, sdkappid, time and expire, a line each", async () => {
    const fields = {
      "TLS.ver": "2.0",
      "TLS.identifier": TEST_IM.adminIdentifier,
      "TLS.sdkappid": TEST_IM.sdkAppId,
      "TLS.time": now(),
      "TLS.expire": 3600,
    };
    expect((await call({ usersig: signedUserSig(fields) }, body)).ErrorCode).toBe(0);
    // The same fields, signed over a content that lacks the last line break, or has the lines in another order.
    const withoutLastBreak = (content: string) => content.slice(0, -1);
    const reordered = (content: string) => content.split("\n").reverse().join("\n");
    for (const change of [withoutLastBreak, reordered]) {
      expect((await call({ usersig: signedUserSig(fields, change) }, body)).ErrorCode).toBe(70009);
    }
    // Expired: time + expire is in the past, however recent the signing time.
    expect(
      (await call({ usersig: signedUserSig({ ...fields, "TLS.time": now() - 120, "TLS.expire": 60 }) }, body))
        .ErrorCode,
    ).toBe(70001);
  });

  it("checks sdkappid, random, contenttype and the admin identifier", async () => {
    expect((await call({ sdkappid: 1400000002 }, body)).ErrorCode).toBe(70020);
    expect((await call({ random: undefined }, body)).ErrorCode).toBe(40001);
    expect((await call({ random: 2 ** 32 }, body)).ErrorCode).toBe(40001);
    expect((await call({ contenttype: "xml" }, body)).ErrorCode).toBe(40001);
    const userSig = testUserSig({ identifier: "u1" });
    expect((await call({ identifier: "u1", usersig: userSig }, body)).ErrorCode).toBe(40004);
  });

  it("refuses more than 100 accounts, a missing To_Account and unknown tags", async () => {
    const accounts = Array.from({ length: 101 }, (_, i) => `u${i + 1}`);
    expect((await call({}, { ...body, To_Account: accounts })).ErrorCode).toBe(40001);
    expect((await call({}, { TagList: body.TagList })).ErrorCode).toBe(40002);
    expect((await call({}, { ...body, TagList: ["Tag_Profile_Custom_Nope"] })).ErrorCode).toBe(40009);
  });

  it("takes exactly 100 accounts, and refuses accounts that are not strings and a missing or empty TagList", async () => {
    const accounts = Array.from({ length: 100 }, (_, i) => `u${i + 1}`);
    expect((await call({}, { ...body, To_Account: accounts })).ErrorCode).toBe(0);
    expect((await call({}, { ...body, To_Account: ["u1", 2] })).ErrorCode).toBe(40001);
    expect((await call({}, { To_Account: ["u1"] })).ErrorCode).toBe(40001);
    expect((await call({}, { To_Account: ["u1"], TagList: [] })).ErrorCode).toBe(40001);
    expect((await call({}, { ...body, TagList: [7] })).ErrorCode).toBe(40009);
  });

  it("fault switches: nextCallErrors fail the next calls in order; errorInfo replaces every failure's text", async () => {
    emulator.faults.nextCallErrors = [60011, 40006];
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await call({}, body)).ErrorCode);
    expect(codes).toEqual([60011, 40006, 0]);

    emulator.faults.errorInfo = "what Tencent wrote";
    emulator.faults.failAccounts = { u2: 40006 };
    const partly = await call({}, { ...body, To_Account: ["u1", "u2"] });
    expect(itemOf(partly, "u2")).toMatchObject({ ResultCode: 40006, ResultInfo: "what Tencent wrote" });
    expect(itemOf(partly, "u1")).toMatchObject({ ResultCode: 0, ResultInfo: "" });
    emulator.faults.callErrorCode = 70107;
    expect(await call({}, body)).toMatchObject({ ErrorCode: 70107, ErrorInfo: "what Tencent wrote" });
  });

  it("lists unknown accounts as failed items with 40003 in Fail_Account", async () => {
    const answer = await call({}, { ...body, To_Account: ["u1", "nobody"] });
    expect(answer.ActionStatus).toBe("OK");
    expect(answer.Fail_Account).toEqual(["nobody"]);
    expect(itemOf(answer, "nobody")).toMatchObject({ To_Account: "nobody", ResultCode: 40003 });
    expect(itemOf(answer, "u1")).toMatchObject({ ResultCode: 0 });
  });

  it("answers the items in another order than asked, each under its own To_Account", async () => {
    const asked = ["u1", "u2", "u3", "u4", "u5", "nobody"];
    const tags = ["Tag_Profile_IM_SelfSignature"];
    for (let round = 0; round < 3; round++) {
      const answer = await call({}, { To_Account: asked, TagList: tags });
      const items = answer.UserProfileItem as { To_Account: string; ProfileItem?: unknown[] }[];
      expect(items.map((item) => item.To_Account)).not.toEqual(asked);
      expect(items.map((item) => item.To_Account).sort()).toEqual([...asked].sort());
      for (const account of asked.slice(0, 5)) {
        expect(itemOf(answer, account)?.ProfileItem).toEqual([
          { Tag: "Tag_Profile_IM_SelfSignature", Value: `Hello from ${account}` },
        ]);
      }
    }
    // Two accounts have one other order.
    const pair = await call({}, { To_Account: ["u1", "u2"], TagList: tags });
    expect(pair.UserProfileItem?.map((item) => (item as { To_Account: string }).To_Account)).toEqual([
      "u2",
      "u1",
    ]);
  });

  it("refuses calls past its per-second limit with the frequency error", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await call({}, body)).ErrorCode);
    expect(codes).toEqual([0, 0, 0, 0, 0, 60011, 60011]);
  });

  it("counts calls, accounts and the largest batch at /__stats, and /__reset clears them", async () => {
    await call({}, { ...body, To_Account: ["u1", "u2", "u3"] });
    await call({}, body);
    const stats = (await axios.get(`${url}/__stats`)).data as Record<string, unknown>;
    expect(stats[PORTRAIT_GET_PATH]).toEqual({ calls: 2, accounts: 4, maxBatch: 3, maxInFlight: 1 });
    await axios.post(`${url}/__reset`);
    expect((await axios.get(`${url}/__stats`)).data).toEqual({});
  });
});
