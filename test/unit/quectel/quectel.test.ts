import { describe, expect, it } from "vitest";
import { Gender } from "../../../src/domain/gender.js";
import { accessKeyCredentials } from "../../../src/providers/quectel/auth.js";
import { decodeSex, decodeTime, toQuectelEndUser } from "../../../src/providers/quectel/mapper.js";
import { QuectelUserStatus } from "../../../src/providers/quectel/model.js";
import { quectelAnswerMismatch, quectelError } from "../../../src/providers/quectel/error-codes.js";
import { quectelSource } from "../../../src/providers/quectel/source.js";
import type { SourceError } from "../../../src/errors.js";

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

  it("tells seconds from milliseconds at 1e11, trims numeric strings, and reads a date text with or without the T", () => {
    expect(decodeTime(99_999_999_999)?.getTime()).toBe(99_999_999_999_000);
    expect(decodeTime(100_000_000_000)?.getTime()).toBe(100_000_000_000);
    expect(decodeTime(" 1700000000 ")?.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(decodeTime("2023-11-14T22:13:20Z")?.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(decodeTime("2023-11-14 22:13:20Z")?.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(decodeTime("   ")).toBeNull();
    expect(decodeTime(-5)).toBeNull();
    expect(decodeTime(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it("reads no time from a value that is neither a number nor a text, even one whose text form is a date", () => {
    // Date.parse would turn a list or an object into text first: ["2023-11-14"] reads as that day.
    expect(decodeTime(["2023-11-14"])).toBeNull();
    expect(decodeTime({ toString: () => "2023-11-14" })).toBeNull();
    expect(decodeTime(true)).toBeNull();
  });

  it("maps the spelled-out sexes whatever their case, and nothing else", () => {
    for (const male of ["male", "Male", "M", "m"]) expect(decodeSex(male)).toBe(Gender.MALE);
    for (const female of ["female", "FEMALE", "F", "f"]) expect(decodeSex(female)).toBe(Gender.FEMALE);
    for (const unknown of ["unknown", "Unknown", "0", 0]) expect(decodeSex(unknown)).toBe(Gender.UNKNOWN);
    for (const other of ["3", "x", "", "males", "mf"]) expect(decodeSex(other)).toBeNull();
  });

  it("maps status 1 to ACTIVE and 0 to DISABLED, from numbers or numeric strings, and keeps any other number raw", () => {
    const statusOf = (status: unknown) => {
      const { status: mapped, statusRaw } = toQuectelEndUser("u1", { uid: "u1", status } as never);
      return { mapped, statusRaw };
    };
    expect(statusOf(1)).toEqual({ mapped: QuectelUserStatus.ACTIVE, statusRaw: 1 });
    expect(statusOf("1")).toEqual({ mapped: QuectelUserStatus.ACTIVE, statusRaw: 1 });
    expect(statusOf("0")).toEqual({ mapped: QuectelUserStatus.DISABLED, statusRaw: 0 });
    expect(statusOf(2)).toEqual({ mapped: null, statusRaw: 2 });
    expect(statusOf("1a")).toEqual({ mapped: null, statusRaw: null });
    expect(statusOf("a1")).toEqual({ mapped: null, statusRaw: null });
    expect(statusOf("")).toEqual({ mapped: null, statusRaw: null });
    expect(statusOf(undefined)).toEqual({ mapped: null, statusRaw: null });
  });

  it("takes the uid from the answer, and the one asked for when the answer has none", () => {
    expect(toQuectelEndUser("u1", { uid: 42 } as never).uid).toBe("42");
    expect(toQuectelEndUser("u1", {} as never).uid).toBe("u1");
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

describe("Quectel codes, status and location at their edges", () => {
  const details = (error: SourceError) => ({ message: error.message, extensions: error.extensions });

  it("5041 is FORBIDDEN; any other failed userInfo code is unavailable and not retryable", () => {
    expect(details(quectelError(5041))).toEqual({
      message: "Quectel does not let this service read that user (code 5041)",
      extensions: { code: "FORBIDDEN", source: "quectel", providerCode: 5041, retryable: false },
    });
    expect(details(quectelError(5065))).toEqual({
      message: "Quectel could not return the user (code 5065)",
      extensions: { code: "SOURCE_UNAVAILABLE", source: "quectel", providerCode: 5065, retryable: false },
    });
  });

  it("an answer about another user is refused, and worth asking again", () => {
    expect(details(quectelAnswerMismatch())).toEqual({
      message: "Quectel answered for another user than the one asked; the answer was refused",
      extensions: { code: "SOURCE_UNAVAILABLE", source: "quectel", retryable: true },
    });
  });

  it("status: 0 disabled, 1 active, other numbers kept raw only, anything else nothing", () => {
    const statusOf = (status: unknown) => {
      const { status: decoded, statusRaw } = toQuectelEndUser("u1", { uid: "u1", status } as never);
      return [decoded, statusRaw];
    };
    expect(statusOf("1")).toEqual([QuectelUserStatus.ACTIVE, 1]);
    expect(statusOf(0)).toEqual([QuectelUserStatus.DISABLED, 0]);
    expect(statusOf("10")).toEqual([null, 10]);
    expect(statusOf(null)).toEqual([null, null]);
    expect(statusOf("x1")).toEqual([null, null]);
  });

  it("the profile's location: city and province joined, either alone, or nothing", () => {
    const location = (city: string | null, province: string | null) =>
      quectelSource.profile.location!({ ...toQuectelEndUser("u1", { uid: "u1" } as never), city, province });
    expect(location("Shenzhen", "Guangdong")).toBe("Shenzhen, Guangdong");
    expect(location(null, "Guangdong")).toBe("Guangdong");
    expect(location("Shenzhen", null)).toBe("Shenzhen");
    expect(location(null, null)).toBeNull();
  });
});
