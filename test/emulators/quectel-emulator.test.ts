import { createHash } from "node:crypto";
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

  it("refuses a login that is not grant_type=password, or whose username is not the documented form (50005)", async () => {
    const { username, password } = accessKeyCredentials(
      TEST_QUECTEL.accessKey,
      TEST_QUECTEL.accessSecret,
      Date.now(),
    );
    expect((await get(LOGIN_PATH, { grant_type: "password", username, password })).code).toBe(200);
    expect((await get(LOGIN_PATH, { grant_type: "client_credentials", username, password })).code).toBe(
      50005,
    );
    expect((await get(LOGIN_PATH, { grant_type: "password", username })).code).toBe(50005);
    for (const [field, value] of [
      ["ver", "2"],
      ["auth_mode", "password"],
      ["sign_method", "md5"],
    ]) {
      // The password is right for the username sent: only the field is wrong.
      const changed = username.replace(new RegExp(`${field}=[^&]*`), `${field}=${value}`);
      const signed = createHash("sha256")
        .update(changed + TEST_QUECTEL.accessSecret)
        .digest("hex");
      expect(
        (await get(LOGIN_PATH, { grant_type: "password", username: changed, password: signed })).code,
        field,
      ).toBe(50005);
    }
  });

  it("a login's password is checked over the exact username: another timestamp in it is refused (401)", async () => {
    const now = Date.now();
    const { username } = accessKeyCredentials(TEST_QUECTEL.accessKey, TEST_QUECTEL.accessSecret, now);
    const { password } = accessKeyCredentials(TEST_QUECTEL.accessKey, TEST_QUECTEL.accessSecret, now - 1);
    expect((await get(LOGIN_PATH, { grant_type: "password", username, password })).code).toBe(401);
  });

  it("a token expires at expires_in: then userInfo answers 5032", async () => {
    let offset = 0;
    const clocked = new QuectelEmulator({
      ...TEST_QUECTEL,
      tokenLifetimeSeconds: 60,
      clock: { now: () => Date.now() + offset },
    });
    const clockedUrl = await clocked.listen(0);
    try {
      const { username, password } = accessKeyCredentials(
        TEST_QUECTEL.accessKey,
        TEST_QUECTEL.accessSecret,
        Date.now(),
      );
      const token = String(
        (
          await axios.get(`${clockedUrl}${LOGIN_PATH}`, {
            params: { grant_type: "password", username, password },
          })
        ).data.access_token,
      );
      const userInfo = async () =>
        (
          await axios.get(`${clockedUrl}${USER_INFO_PATH}`, {
            params: { uid: "u1" },
            headers: { Authorization: token },
          })
        ).data.code as number;
      offset = 59_000;
      expect(await userInfo()).toBe(0);
      offset = 60_000;
      expect(await userInfo()).toBe(5032);
    } finally {
      await clocked.close();
    }
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

  it("refuses a refresh without grant_type=refresh_token, and an unknown refresh token (401)", async () => {
    const first = await login();
    expect(
      (await get(REFRESH_PATH, { grant_type: "password", refresh_token: first.refresh_token })).code,
    ).toBe(401);
    expect((await get(REFRESH_PATH, { grant_type: "refresh_token", refresh_token: "made-up" })).code).toBe(
      401,
    );
    expect((await get(REFRESH_PATH, { grant_type: "refresh_token" })).code).toBe(401);
    // None of these used the refresh token up.
    expect(
      (await get(REFRESH_PATH, { grant_type: "refresh_token", refresh_token: first.refresh_token })).code,
    ).toBe(200);
  });
});
