import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  UserSigCache,
  fromTencentBase64,
  toTencentBase64,
  generateUserSig,
  userSigContent,
  userSigHmac,
} from "../../../src/providers/tencent-im/user-sig.js";

const require = createRequire(import.meta.url);
// Tencent's own generator (CommonJS, no types).
const TencentApi = require("tls-sig-api-v2").Api as new (
  appid: number,
  key: string,
) => { genSig(identifier: string, expire: number): string };

const SDK_APP_ID = 1400123456;
const SECRET = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

function decode(sig: string): Record<string, unknown> {
  return JSON.parse(inflateSync(fromTencentBase64(sig)).toString("utf8")) as Record<string, unknown>;
}

/** Verifies a UserSig the way Tencent does: recompute the HMAC over the fields the signature carries. */
function verify(sig: string, secret: string): boolean {
  const fields = decode(sig);
  const content = userSigContent(
    String(fields["TLS.identifier"]),
    Number(fields["TLS.sdkappid"]),
    Number(fields["TLS.time"]),
    Number(fields["TLS.expire"]),
  );
  return fields["TLS.sig"] === userSigHmac(secret, content);
}

describe("UserSig v2", () => {
  it("carries the fields in Tencent's key order with the HMAC over the documented content", () => {
    const sig = generateUserSig({
      sdkAppId: SDK_APP_ID,
      secretKey: SECRET,
      identifier: "administrator",
      expireSeconds: 86400,
      time: 1_700_000_000,
    });
    const fields = decode(sig);
    expect(Object.keys(fields)).toEqual([
      "TLS.ver",
      "TLS.identifier",
      "TLS.sdkappid",
      "TLS.time",
      "TLS.expire",
      "TLS.sig",
    ]);
    expect(fields).toMatchObject({
      "TLS.ver": "2.0",
      "TLS.identifier": "administrator",
      "TLS.sdkappid": SDK_APP_ID,
      "TLS.time": 1_700_000_000,
      "TLS.expire": 86400,
    });
    expect(sig).toMatch(/^[A-Za-z0-9*_-]+$/);
    expect(verify(sig, SECRET)).toBe(true);
    expect(verify(sig, `${SECRET}x`)).toBe(false);
  });

  it("verifies alike with Tencent's tls-sig-api-v2: same layout, same signature for the same time", () => {
    const theirs = new TencentApi(SDK_APP_ID, SECRET).genSig("administrator", 86400);
    const theirFields = decode(theirs);
    expect(verify(theirs, SECRET)).toBe(true);

    const ours = generateUserSig({
      sdkAppId: SDK_APP_ID,
      secretKey: SECRET,
      identifier: "administrator",
      expireSeconds: 86400,
      time: Number(theirFields["TLS.time"]),
    });
    const ourFields = decode(ours);
    expect(ourFields).toEqual(theirFields);
    expect(Object.keys(ourFields)).toEqual(Object.keys(theirFields));
    expect(verify(ours, SECRET)).toBe(true);
  });

  it("writes Tencent's URL-safe Base64 (+ as *, / as -, = as _) and reads it back", () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xbf]);
    expect(toTencentBase64(bytes)).toBe("*-*-");
    expect(toTencentBase64(Buffer.from([0xfb, 0xff]))).toBe("*-8_");
    expect(fromTencentBase64("*-8_")).toEqual(Buffer.from([0xfb, 0xff]));
    expect(fromTencentBase64("*-*-")).toEqual(bytes);
  });

  it("reuses one signature until 80% of its lifetime, then signs anew; invalidate() forces a new one", () => {
    let now = 1_700_000_000_000;
    const cache = new UserSigCache({
      sdkAppId: SDK_APP_ID,
      secretKey: SECRET,
      identifier: "administrator",
      lifetimeSeconds: 1000,
      clock: { now: () => now },
    });
    const first = cache.current();
    now += 799_000;
    expect(cache.current()).toBe(first);
    // At 80 % exactly, a new one.
    now += 1_000;
    const second = cache.current();
    expect(second).not.toBe(first);
    expect(decode(second)["TLS.time"]).toBe(Math.floor(now / 1000));
    now += 1_000;
    cache.invalidate();
    const third = cache.current();
    expect(third).not.toBe(second);
    expect(decode(third)["TLS.time"]).toBe(Math.floor(now / 1000));
  });
});
