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
