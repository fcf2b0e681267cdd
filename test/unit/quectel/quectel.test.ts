import { describe, expect, it } from "vitest";
import { Gender } from "../../../src/domain/gender.js";
import { accessKeyCredentials } from "../../../src/providers/quectel/auth.js";
import { decodeSex, decodeTime, toQuectelEndUser } from "../../../src/providers/quectel/mapper.js";
import { QuectelUserStatus } from "../../../src/providers/quectel/model.js";

describe("Quectel AccessKey login credentials", () => {
  it("builds the documented username and the lowercase hex SHA-256 of username + secret", () => {
    const { username, password } = accessKeyCredentials("AK-example", "example-secret", 1_700_000_000_123);
    expect(username).toBe(
      "ver=1&auth_mode=accessKey&sign_method=sha256&access_key=AK-example&timestamp=1700000000123",
    );
    // Computed independently (Python hashlib) for this username and secret.
    expect(password).toBe("7e90119f7716d613cd0a6135cdfc9d8281ba8ec733169ddd0737282104d17577");
  });
});

describe("Quectel userInfo mapping", () => {
  it("tells seconds from milliseconds by magnitude, and reads numeric strings and date texts", () => {
    const instant = "2023-11-14T22:13:20.000Z";
    expect(decodeTime(1_700_000_000)?.toISOString()).toBe(instant);
    expect(decodeTime(1_700_000_000_000)?.toISOString()).toBe(instant);
    expect(decodeTime("1700000000")?.toISOString()).toBe(instant);
    expect(decodeTime("2023-11-14 22:13:20Z")?.toISOString()).toBe(instant);
    expect(decodeTime(0)).toBeNull();
    expect(decodeTime("yesterday")).toBeNull();
    expect(decodeTime(null)).toBeNull();
  });

  it("maps sex only where recognisable and keeps the raw value", () => {
    expect(decodeSex(1)).toBe(Gender.MALE);
    expect(decodeSex("2")).toBe(Gender.FEMALE);
    expect(decodeSex(0)).toBe(Gender.UNKNOWN);
    expect(decodeSex("F")).toBe(Gender.FEMALE);
    expect(decodeSex(7)).toBeNull();
    expect(decodeSex(null)).toBeNull();
  });

  it("renames nikeName and headimg, groups linked ids, treats blanks as missing, prefers *Ts times", () => {
    const user = toQuectelEndUser("u9", {
      uid: "u9",
      nikeName: " Jia ",
      headimg: "https://a.example/u9.jpg",
      email: "",
      phone: "  ",
      status: 0,
      sex: 9,
      logonMode: 3,
      registerTime: "2020-01-01 00:00:00",
      registerTimeTs: 1_700_000_000,
      lastLoginTime: "2024-05-01 08:00:00",
      wechatUnionId: "wx-1",
      wechatOffiaccountUserId: "wx-oa",
      wechatMiniprogramUserId: "wx-mini",
      qqUserId: "qq-1",
    });
    expect(user).toMatchObject({
      uid: "u9",
      nickname: "Jia",
      avatarUrl: "https://a.example/u9.jpg",
      email: null,
      phone: null,
      status: QuectelUserStatus.DISABLED,
      statusRaw: 0,
      gender: null,
      sexRaw: "9",
      logonMode: "3",
      linkedAccounts: {
        wechatUnionId: "wx-1",
        wechatOfficialAccountId: "wx-oa",
        wechatMiniProgramId: "wx-mini",
        alipayUserId: null,
        qqUserId: "qq-1",
      },
    });
    expect(user.registeredAt?.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(user.lastLoginAt?.toISOString()).toBe("2024-05-01T08:00:00.000Z");
  });
});
