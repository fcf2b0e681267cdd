import { createVerify, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Gender } from "../../../src/domain/gender.js";
import { toAlipayPlusUserInfo } from "../../../src/providers/alipay-plus/mapper.js";
import {
  parseSignatureHeader,
  requestTime,
  sign,
  signatureHeader,
  signedContent,
  verify,
} from "../../../src/providers/alipay-plus/signature.js";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

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
    expect(parseSignatureHeader("algorithm=RSA256")).toBeUndefined();
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
