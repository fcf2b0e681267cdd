import { createRequire } from "node:module";
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

  it("lists unknown accounts as failed items with 40003 in Fail_Account", async () => {
    const answer = await call({}, { ...body, To_Account: ["u1", "nobody"] });
    expect(answer.ActionStatus).toBe("OK");
    expect(answer.Fail_Account).toEqual(["nobody"]);
    expect(answer.UserProfileItem?.[1]).toMatchObject({ To_Account: "nobody", ResultCode: 40003 });
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
