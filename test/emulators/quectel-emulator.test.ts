import axios from "axios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QuectelEmulator } from "../../src/sandbox/emulators/quectel/emulator.js";
import { LOGIN_PATH, REFRESH_PATH, accessKeyCredentials } from "../../src/providers/quectel/auth.js";
import { USER_INFO_PATH } from "../../src/providers/quectel/client.js";
import { TEST_QUECTEL } from "../support/stack.js";

describe("Quectel emulator, called directly", () => {
  const emulator = new QuectelEmulator({ ...TEST_QUECTEL });
  let url: string;
  beforeAll(async () => {
    url = await emulator.listen(0);
  });
  afterAll(() => emulator.close());

  const get = async (path: string, params: Record<string, unknown>, headers: Record<string, string> = {}) =>
    (await axios.get(`${url}${path}`, { params, headers })).data as Record<string, unknown>;

  const login = (overrides: { secret?: string; accessKey?: string; timestamp?: number } = {}) => {
    const { username, password } = accessKeyCredentials(
      overrides.accessKey ?? TEST_QUECTEL.accessKey,
      overrides.secret ?? TEST_QUECTEL.accessSecret,
      overrides.timestamp ?? Date.now(),
    );
    return get(LOGIN_PATH, { grant_type: "password", username, password });
  };

  it("issues a QJWT token with expires_in for a correct AccessKey login", async () => {
    const answer = await login();
    expect(answer).toMatchObject({ code: 200, token_type: "QJWT", expires_in: 7200 });
    expect(answer.access_token).toMatch(/^QJWT /);
  });

  it("refuses a wrong secret (401), an unknown AccessKey (90047) and a stale timestamp (401)", async () => {
    expect((await login({ secret: "wrong-secret-000000" })).code).toBe(401);
    expect((await login({ accessKey: "someone-else" })).code).toBe(90047);
    expect((await login({ timestamp: Date.now() - 10 * 60_000 })).code).toBe(401);
    expect((await get(LOGIN_PATH, { grant_type: "password" })).code).toBe(50005);
  });

  it("answers userInfo only with the bare token in Authorization", async () => {
    const token = String((await login()).access_token);
    expect(await get(USER_INFO_PATH, { uid: "u1" }, { Authorization: token })).toMatchObject({
      code: 0,
      data: { uid: "u1", nikeName: "Bo Q1" },
    });
    expect((await get(USER_INFO_PATH, { uid: "u1" })).code).toBe(5106);
    expect((await get(USER_INFO_PATH, { uid: "u1" }, { Authorization: `Bearer ${token}` })).code).toBe(5032);
    expect((await get(USER_INFO_PATH, {}, { Authorization: token })).code).toBe(5065);
    expect(await get(USER_INFO_PATH, { uid: "u1001" }, { Authorization: token })).toMatchObject({
      code: 0,
      data: null,
    });
  });

  it("swaps a refresh token once for a new token, and the old token stops working", async () => {
    const first = await login();
    const renewed = await get(REFRESH_PATH, {
      grant_type: "refresh_token",
      refresh_token: first.refresh_token,
    });
    expect(renewed.code).toBe(200);
    expect(renewed.access_token).not.toBe(first.access_token);
    expect(
      (await get(USER_INFO_PATH, { uid: "u1" }, { Authorization: String(first.access_token) })).code,
    ).toBe(5032);
    expect(
      (await get(REFRESH_PATH, { grant_type: "refresh_token", refresh_token: first.refresh_token })).code,
    ).toBe(401);
  });
});
