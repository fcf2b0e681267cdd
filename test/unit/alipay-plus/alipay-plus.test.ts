import { createVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Gender } from "../../../src/domain/gender.js";
import { toAlipayPlusUserInfo } from "../../../src/providers/alipay-plus/mapper.js";
import type { AlipayPlusUserInfoRecord } from "../../../src/providers/alipay-plus/model.js";
import { alipayPlusSource } from "../../../src/providers/alipay-plus/source.js";
import {
  parseSignatureHeader,
  requestTime,
  sign,
  signatureHeader,
  signedContent,
  verify,
} from "../../../src/providers/alipay-plus/signature.js";
import { testKeyPair } from "../../support/key-pairs.js";

const { privateKey, publicKey } = testKeyPair("merchant");

describe("Alipay+ request signing", () => {
  const content = signedContent(
    "/api/v1/users/inquiryUserInfo",
    "MINI_1",
    "2024-05-01T08:00:00+00:00",
    '{"accessToken":"t"}',
  );

  it("signs `POST {path}\\n{Client-Id}.{Request-Time}.{body}` with SHA256withRSA", () => {
    expect(content).toBe(
      'POST /api/v1/users/inquiryUserInfo\nMINI_1.2024-05-01T08:00:00+00:00.{"accessToken":"t"}',
    );
    const plain = sign(privateKey, content, false);
    expect(createVerify("RSA-SHA256").update(content).verify(publicKey, plain, "base64")).toBe(true);
  });

  it("URL-encodes the signature when asked, and verifies either form", () => {
    const plain = sign(privateKey, content, false);
    const encoded = sign(privateKey, content, true);
    expect(encoded).toBe(encodeURIComponent(plain));
    expect(verify(publicKey, content, plain)).toBe(true);
    expect(verify(publicKey, content, encoded)).toBe(true);
    expect(verify(publicKey, `${content} `, encoded)).toBe(false);
  });

  it("writes and reads the Signature header", () => {
    const header = signatureHeader(2, "abc%2B%3D");
    expect(header).toBe("algorithm=RSA256, keyVersion=2, signature=abc%2B%3D");
    expect(parseSignatureHeader(header)).toEqual({
      algorithm: "RSA256",
      keyVersion: "2",
      signature: "abc%2B%3D",
    });
    expect(parseSignatureHeader("signature=abc, keyVersion=2,algorithm=RSA256")).toEqual({
      algorithm: "RSA256",
      keyVersion: "2",
      signature: "abc",
    });
    for (const incomplete of [
      "algorithm=RSA256",
      "keyVersion=2, signature=abc",
      "algorithm=RSA256, signature=abc",
      "algorithm=RSA256, keyVersion=2",
      "algorithm=RSA256, keyVersion=2, signature=",
      "",
    ]) {
      expect(parseSignatureHeader(incomplete), incomplete).toBeUndefined();
    }
  });

  it("formats Request-Time as ISO 8601 with an explicit offset", () => {
    expect(requestTime(Date.UTC(2024, 4, 1, 8, 0, 0, 123))).toBe("2024-05-01T08:00:00+00:00");
  });
});

describe("Alipay+ userInfo mapping", () => {
  it("normalises M/F and MALE/FEMALE, and leaves what the scopes withheld as null", () => {
    expect(toAlipayPlusUserInfo({ gender: "M" }).gender).toBe(Gender.MALE);
    expect(toAlipayPlusUserInfo({ gender: "female" }).gender).toBe(Gender.FEMALE);
    expect(toAlipayPlusUserInfo({ gender: "X" })).toMatchObject({ gender: null, genderRaw: "X" });
    expect(toAlipayPlusUserInfo({ userId: "2160" })).toEqual({
      userId: "2160",
      userName: null,
      userNameInArabic: null,
      avatarUrl: null,
      gender: null,
      genderRaw: null,
      birthDate: null,
      nationality: null,
      loginIds: null,
      contacts: null,
    });
  });

  it("keeps a real yyyy-MM-dd birth date and drops an impossible one", () => {
    expect(toAlipayPlusUserInfo({ birthDate: "1990-02-28" }).birthDate).toBe("1990-02-28");
    expect(toAlipayPlusUserInfo({ birthDate: "1990-02-30" }).birthDate).toBeNull();
  });
});

describe("Alipay+ userInfo mapping, odd shapes", () => {
  it("a name with no part set, or not an object, is no name", () => {
    expect(toAlipayPlusUserInfo({ userName: {} }).userName).toBeNull();
    expect(toAlipayPlusUserInfo({ userName: { fullName: "" } }).userName).toBeNull();
    expect(toAlipayPlusUserInfo({ userName: { lastName: "Mansour" } }).userName).toEqual({
      fullName: null,
      firstName: null,
      secondName: null,
      thirdName: null,
      lastName: "Mansour",
    });
  });

  it("list items that are not objects are left out", () => {
    const info = JSON.parse(
      '{"loginIdInfos":[null,"x",7,{"loginId":"+1 555","loginIdType":"MOBILE_PHONE"}],' +
        '"contactInfos":[null,"x",{"contactNo":"+1 556","contactType":"MOBILE_PHONE"}]}',
    ) as Parameters<typeof toAlipayPlusUserInfo>[0];
    const record = toAlipayPlusUserInfo(info);
    expect(record.loginIds).toEqual([
      { loginId: "+1 555", hashLoginId: null, maskLoginId: null, type: "MOBILE_PHONE" },
    ]);
    expect(record.contacts).toEqual([{ type: "MOBILE_PHONE", number: "+1 556" }]);
  });
});

describe("Alipay+ in the unified profile", () => {
  const record = (fields: Partial<AlipayPlusUserInfoRecord>): AlipayPlusUserInfoRecord => ({
    ...toAlipayPlusUserInfo({}),
    ...fields,
  });
  const name = (parts: { fullName?: string; firstName?: string; lastName?: string }) => ({
    fullName: parts.fullName ?? null,
    firstName: parts.firstName ?? null,
    secondName: null,
    thirdName: null,
    lastName: parts.lastName ?? null,
  });
  const { displayName, phone } = alipayPlusSource.profile;

  it("displayName: the full name, else first and last name joined, else nothing", () => {
    expect(displayName!(record({ userName: name({ fullName: "Farid M.", firstName: "Farid" }) }))).toBe(
      "Farid M.",
    );
    expect(displayName!(record({ userName: name({ firstName: "Farid", lastName: "Mansour" }) }))).toBe(
      "Farid Mansour",
    );
    expect(displayName!(record({ userName: name({ lastName: "Mansour" }) }))).toBe("Mansour");
    expect(displayName!(record({ userName: null }))).toBeNull();
  });

  it("phone: the first mobile contact with a number, else the first mobile login id, else nothing", () => {
    const contacts = [
      { type: "EMAIL", number: "farid@example.com" },
      { type: "MOBILE_PHONE", number: null },
      { type: "MOBILE_PHONE", number: "+964 770 0000003" },
    ];
    const loginIds = [
      { loginId: "farid", hashLoginId: null, maskLoginId: null, type: "USER_NAME" },
      { loginId: "+964 770 0000009", hashLoginId: null, maskLoginId: null, type: "MOBILE_PHONE" },
    ];
    expect(phone!(record({ contacts, loginIds }))).toBe("+964 770 0000003");
    expect(phone!(record({ contacts: contacts.slice(0, 2), loginIds }))).toBe("+964 770 0000009");
    expect(phone!(record({ contacts: null, loginIds }))).toBe("+964 770 0000009");
    expect(phone!(record({ contacts: null, loginIds: null }))).toBeNull();
    expect(phone!(record({ contacts: contacts.slice(0, 1), loginIds: loginIds.slice(0, 1) }))).toBeNull();
  });
});
