import { createSign, createVerify } from "node:crypto";
import axios from "axios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlipayPlusEmulator } from "../../src/sandbox/emulators/alipay-plus/emulator.js";
import { APPLY_TOKEN_PATH, INQUIRY_USER_INFO_PATH } from "../../src/providers/alipay-plus/client.js";
import {
  parseSignatureHeader,
  requestTime,
  sign,
  signatureHeader,
  signedContent,
  verify,
} from "../../src/providers/alipay-plus/signature.js";
import type { ApplyTokenResponse, InquiryUserInfoResponse } from "../../src/providers/alipay-plus/types.js";
import { TEST_ALIPAY_PLUS } from "../support/stack.js";

const { clientId, merchant, wallet } = TEST_ALIPAY_PLUS;

describe("Alipay+ emulator, called directly", () => {
  const emulator = new AlipayPlusEmulator({
    clientId,
    merchantPublicKey: merchant.publicKey,
    walletPrivateKey: wallet.privateKey,
  });
  let url: string;
  beforeAll(async () => {
    url = await emulator.listen(0);
  });
  afterAll(() => emulator.close());

  async function post(
    apiPath: string,
    payload: object,
    options: { urlEncode?: boolean; time?: string; client?: string; tamper?: boolean } = {},
  ) {
    const path = `/api${apiPath}`;
    const body = JSON.stringify(payload);
    const time = options.time ?? requestTime(Date.now());
    const signature = sign(
      merchant.privateKey,
      signedContent(path, clientId, time, body),
      options.urlEncode ?? true,
    );
    const response = await axios.post(`${url}${path}`, options.tamper ? body.replace("}", " }") : body, {
      headers: {
        "Content-Type": "application/json; charset=UTF-8",
        "Client-Id": options.client ?? clientId,
        "Request-Time": time,
        Signature: signatureHeader(1, signature),
      },
      transformResponse: (data: unknown) => data,
    });
    const raw = response.data as string;
    const responseSignature = parseSignatureHeader(response.headers.signature as string);
    const signedByWallet = verify(
      wallet.publicKey,
      signedContent(path, clientId, String(response.headers["response-time"]), raw),
      responseSignature?.signature ?? "",
    );
    return { body: JSON.parse(raw) as InquiryUserInfoResponse & ApplyTokenResponse, signedByWallet };
  }

  it("answers the token's user, signed with the wallet's key, for a URL-encoded or a plain signature", async () => {
    for (const urlEncode of [true, false]) {
      const answer = await post(INQUIRY_USER_INFO_PATH, { accessToken: "alipay-token-u3" }, { urlEncode });
      expect(answer.signedByWallet).toBe(true);
      expect(answer.body.result).toMatchObject({ resultStatus: "S", resultCode: "SUCCESS" });
      expect(answer.body.userInfo?.userName?.fullName).toBe("Farid Mansour");
    }
  });

  it("refuses a body that is not what was signed, a stale Request-Time and an unknown Client-Id", async () => {
    const tampered = await post(INQUIRY_USER_INFO_PATH, { accessToken: "alipay-token-u3" }, { tamper: true });
    expect(tampered.body.result).toMatchObject({ resultStatus: "F", resultCode: "INVALID_SIGNATURE" });
    expect(tampered.body.userInfo).toBeUndefined();
    expect(tampered.signedByWallet).toBe(true);
    const stale = await post(
      INQUIRY_USER_INFO_PATH,
      { accessToken: "alipay-token-u3" },
      { time: requestTime(Date.now() - 6 * 60_000) },
    );
    expect(stale.body.result.resultCode).toBe("INVALID_SIGNATURE");
    const stranger = await post(
      INQUIRY_USER_INFO_PATH,
      { accessToken: "alipay-token-u3" },
      { client: "OTHER" },
    );
    expect(stranger.body.result.resultCode).toBe("INVALID_AUTH_CLIENT");
  });

  /** A call signed here, without the service's helpers: the documented content, SHA256withRSA, Base64. */
  async function postSignedBy(
    headers: (content: (time: string) => string) => Record<string, string>,
    body = '{"accessToken":"alipay-token-u3"}',
  ) {
    const path = `/api${INQUIRY_USER_INFO_PATH}`;
    const content = (time: string) => `POST ${path}\n${clientId}.${time}.${body}`;
    const response = await axios.post(`${url}${path}`, body, {
      headers: { "Content-Type": "application/json; charset=UTF-8", ...headers(content) },
      transformResponse: (data: unknown) => data,
    });
    const raw = response.data as string;
    const header = String(response.headers.signature);
    const responseSignature = decodeURIComponent(header.slice(header.indexOf("signature=") + 10));
    const responseContent = `POST ${path}\n${clientId}.${String(response.headers["response-time"])}.${raw}`;
    return {
      body: JSON.parse(raw) as InquiryUserInfoResponse,
      header,
      signedByWallet: createVerify("RSA-SHA256")
        .update(responseContent)
        .verify(wallet.publicKey, responseSignature, "base64"),
    };
  }

  const rsa256 = (content: string) =>
    createSign("RSA-SHA256").update(content).sign(merchant.privateKey, "base64");
  const at = new Date().toISOString().slice(0, 19) + "+00:00";

  it("verifies SHA256withRSA over `POST {path}\\n{Client-Id}.{Request-Time}.{body}`, and signs its answer alike", async () => {
    const answer = await postSignedBy((content) => ({
      "Client-Id": clientId,
      "Request-Time": at,
      Signature: `algorithm=RSA256, keyVersion=1, signature=${encodeURIComponent(rsa256(content(at)))}`,
    }));
    expect(answer.body.result.resultStatus).toBe("S");
    expect(answer.body.userInfo?.userId).toBe("2160000000000003");
    expect(answer.header).toMatch(/^algorithm=RSA256, keyVersion=1, signature=[A-Za-z0-9%]+$/);
    expect(answer.signedByWallet).toBe(true);
  });

  it("refuses a signature over another content, with another algorithm or no key version, and no Request-Time", async () => {
    const refusals: [string, (content: (time: string) => string) => Record<string, string>][] = [
      [
        "signed without the POST",
        (content) => ({
          "Client-Id": clientId,
          "Request-Time": at,
          Signature: `algorithm=RSA256, keyVersion=1, signature=${rsa256(content(at).slice(5))}`,
        }),
      ],
      [
        "algorithm RSA",
        (content) => ({
          "Client-Id": clientId,
          "Request-Time": at,
          Signature: `algorithm=RSA, keyVersion=1, signature=${rsa256(content(at))}`,
        }),
      ],
      [
        "no keyVersion",
        (content) => ({
          "Client-Id": clientId,
          "Request-Time": at,
          Signature: `algorithm=RSA256, signature=${rsa256(content(at))}`,
        }),
      ],
      [
        "no Request-Time",
        (content) => ({
          "Client-Id": clientId,
          Signature: `algorithm=RSA256, keyVersion=1, signature=${rsa256(content(""))}`,
        }),
      ],
      [
        "a signature that is not URL-decodable",
        () => ({
          "Client-Id": clientId,
          "Request-Time": at,
          Signature: "algorithm=RSA256, keyVersion=1, signature=%E0%A4%A",
        }),
      ],
    ];
    for (const [how, headers] of refusals) {
      const answer = await postSignedBy(headers);
      expect(answer.body.result, how).toMatchObject({ resultStatus: "F", resultCode: "INVALID_SIGNATURE" });
      expect(answer.body.userInfo, how).toBeUndefined();
      expect(answer.signedByWallet, how).toBe(true);
    }
  });

  it("refuses an access token longer than 128 characters or with @ # ? (PARAM_ILLEGAL)", async () => {
    for (const accessToken of ["t".repeat(129), "a@b", "a#b", "a?b", ""]) {
      expect((await post(INQUIRY_USER_INFO_PATH, { accessToken })).body.result, accessToken).toMatchObject({
        resultStatus: "F",
        resultCode: "PARAM_ILLEGAL",
      });
    }
    expect(
      (await post(INQUIRY_USER_INFO_PATH, { accessToken: "t".repeat(128) })).body.result.resultCode,
    ).toBe("INVALID_ACCESS_TOKEN");
  });

  it("tells an unknown token from an expired one", async () => {
    expect((await post(INQUIRY_USER_INFO_PATH, { accessToken: "nope" })).body.result.resultCode).toBe(
      "INVALID_ACCESS_TOKEN",
    );
    expect(
      (await post(INQUIRY_USER_INFO_PATH, { accessToken: "alipay-token-expired" })).body.result.resultCode,
    ).toBe("EXPIRED_ACCESS_TOKEN");
  });

  it("applyToken swaps an auth code once for tokens, and the refresh token for new ones", async () => {
    const first = await post(APPLY_TOKEN_PATH, {
      grantType: "AUTHORIZATION_CODE",
      authCode: "alipay-auth-code-u5",
    });
    expect(first.body).toMatchObject({ result: { resultStatus: "S" }, customerId: "2160000000000005" });
    const again = await post(APPLY_TOKEN_PATH, {
      grantType: "AUTHORIZATION_CODE",
      authCode: "alipay-auth-code-u5",
    });
    expect(again.body.result.resultStatus).toBe("F");
    const info = await post(INQUIRY_USER_INFO_PATH, { accessToken: first.body.accessToken });
    expect(info.body.userInfo?.userId).toBe("2160000000000005");
    const renewed = await post(APPLY_TOKEN_PATH, {
      grantType: "REFRESH_TOKEN",
      refreshToken: first.body.refreshToken,
    });
    expect(renewed.body.result.resultStatus).toBe("S");
    expect(renewed.body.accessToken).not.toBe(first.body.accessToken);
  });
});
