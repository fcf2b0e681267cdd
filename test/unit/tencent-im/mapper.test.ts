import { describe, expect, it } from "vitest";
import { Gender } from "../../../src/domain/gender.js";
import {
  decodeBirthday,
  decodeUint32,
  toTencentImProfile,
} from "../../../src/providers/tencent-im/mapper.js";
import { ImAdminForbidType, ImAllowType } from "../../../src/providers/tencent-im/model.js";

describe("Tencent IM tag decoding", () => {
  it("an enumerated tag whose value is named like an Object property is unknown (null), with its raw value kept", () => {
    for (const value of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const profile = toTencentImProfile("u8", [
        { Tag: "Tag_Profile_IM_Gender", Value: value },
        { Tag: "Tag_Profile_IM_AllowType", Value: value },
        { Tag: "Tag_Profile_IM_AdminForbidType", Value: value },
      ]);
      expect(profile).toMatchObject({
        gender: null,
        genderRaw: value,
        allowType: null,
        allowTypeRaw: value,
        adminForbidType: null,
      });
    }
  });

  it("decodes every standard tag by its type and keeps raw values where normalising loses information", () => {
    const profile = toTencentImProfile("u7", [
      { Tag: "Tag_Profile_IM_Nick", Value: "Hana Kim" },
      { Tag: "Tag_Profile_IM_Gender", Value: "Gender_Type_Female" },
      { Tag: "Tag_Profile_IM_BirthDay", Value: 19900419 },
      { Tag: "Tag_Profile_IM_Location", Value: "KR-11" },
      { Tag: "Tag_Profile_IM_SelfSignature", Value: "hi" },
      { Tag: "Tag_Profile_IM_AllowType", Value: "AllowType_Type_DenyAny" },
      { Tag: "Tag_Profile_IM_Language", Value: 3 },
      { Tag: "Tag_Profile_IM_Image", Value: "https://a.example/u7.png" },
      { Tag: "Tag_Profile_IM_MsgSettings", Value: 1 },
      { Tag: "Tag_Profile_IM_AdminForbidType", Value: "AdminForbid_Type_SendOut" },
      { Tag: "Tag_Profile_IM_Level", Value: "42" },
      { Tag: "Tag_Profile_IM_Role", Value: 2 },
      { Tag: "Tag_Profile_Custom_Test", Value: "custom-7" },
      { Tag: "Tag_Profile_Custom_Bytes", Value: [104, 105] },
    ]);
    expect(profile).toEqual({
      accountId: "u7",
      nick: "Hana Kim",
      gender: Gender.FEMALE,
      genderRaw: "Gender_Type_Female",
      birthday: "1990-04-19",
      birthdayRaw: 19900419,
      location: "KR-11",
      selfSignature: "hi",
      allowType: ImAllowType.DENY_ANY,
      allowTypeRaw: "AllowType_Type_DenyAny",
      language: 3,
      avatarUrl: "https://a.example/u7.png",
      messageSettings: 1,
      adminForbidType: ImAdminForbidType.SEND_OUT,
      level: 42,
      role: 2,
      customTags: [
        { tag: "Test", value: "custom-7" },
        { tag: "Bytes", value: "hi" },
      ],
    });
  });

  it("treats empty strings and missing tags as unset, and unknown enum spellings as null with the raw value", () => {
    const profile = toTencentImProfile("u8", [
      { Tag: "Tag_Profile_IM_Nick", Value: "" },
      { Tag: "Tag_Profile_IM_Gender", Value: "Gender_Type_Other" },
      { Tag: "Tag_Profile_IM_BirthDay", Value: 0 },
    ]);
    expect(profile.nick).toBeNull();
    expect(profile.gender).toBeNull();
    expect(profile.genderRaw).toBe("Gender_Type_Other");
    expect(profile.birthday).toBeNull();
    expect(profile.birthdayRaw).toBe(0);
    expect(profile.avatarUrl).toBeNull();
    expect(profile.customTags).toEqual([]);
  });

  it("rejects birthdays that are not calendar dates and uint32 values out of range", () => {
    expect(decodeBirthday(20230230)).toBeNull();
    expect(decodeBirthday(20241301)).toBeNull();
    expect(decodeBirthday(20240229)).toBe("2024-02-29");
    expect(decodeUint32(-1)).toBeNull();
    expect(decodeUint32(2 ** 32)).toBeNull();
    expect(decodeUint32("12a")).toBeNull();
    expect(decodeUint32(1.5)).toBeNull();
  });
});

describe("Tencent IM value decoding at its edges", () => {
  it("string tags keep their white space and take numbers as text", () => {
    const profile = toTencentImProfile("u1", [
      { Tag: "Tag_Profile_IM_Nick", Value: " padded " },
      { Tag: "Tag_Profile_IM_Location", Value: 42 },
    ]);
    expect(profile.nick).toBe(" padded ");
    expect(profile.location).toBe("42");
  });

  it("uint32: a number or a string of digits in range; nothing else", () => {
    expect(decodeUint32(7)).toBe(7);
    expect(decodeUint32("12")).toBe(12);
    expect(decodeUint32(0xffffffff)).toBe(0xffffffff);
    // Number() would read " 12", "12 " and "1e3": only digits, start to end, count.
    for (const value of [
      0x100000000,
      -1,
      1.5,
      "12a",
      "a12",
      " 12",
      "12 ",
      "1e3",
      "-1",
      "",
      null,
      true,
      [5],
      "x",
    ]) {
      expect(decodeUint32(value), JSON.stringify(value)).toBeNull();
    }
  });

  it("birthday: eight digits from 1000-01-01 on; fewer digits are no date", () => {
    expect(decodeBirthday(10000101)).toBe("1000-01-01");
    expect(decodeBirthday(9990101)).toBeNull();
    expect(decodeBirthday(0)).toBeNull();
    expect(decodeBirthday(null)).toBeNull();
  });

  it("custom tags: text or bytes; an empty one is left out", () => {
    const profile = toTencentImProfile("u1", [
      { Tag: "Tag_Profile_Custom_Empty", Value: "" },
      { Tag: "Tag_Profile_Custom_Text", Value: "level 3" },
      { Tag: "Tag_Profile_Custom_Bytes", Value: [104, 105] },
      { Tag: "Tag_Profile_IM_Nick", Value: "not custom" },
    ]);
    expect(profile.customTags).toEqual([
      { tag: "Text", value: "level 3" },
      { tag: "Bytes", value: "hi" },
    ]);
  });
});
