import axios from "axios";
import { describe, expect, it } from "vitest";
import type { UserSigSource } from "../../src/providers/tencent-im/user-sig.js";
import { testKeyPair } from "../support/key-pairs.js";
import { RecordingProxy, type RecordedRequest } from "../support/recording-proxy.js";
import { scrape } from "../support/prometheus.js";
import { recordSpans, spanText } from "../support/spans.js";
import {
  TEST_ALIPAY_PLUS,
  TEST_IM,
  TEST_QUECTEL,
  testUserSig,
  viewerHeaders,
  withStack,
  type Stack,
  type StackOptions,
} from "../support/stack.js";

/**
 * Every failure path this service has, driven over real HTTP with a recording proxy in front of each emulator, so
 * that the credentials actually sent (UserSigs, signatures, tokens, the login's signed query) are known exactly.
 * Then everything the service let out (responses and their headers, log lines, /metrics, /readyz, and the spans
 * an OpenTelemetry SDK recorded) is searched for each of them.
 */

const spans = recordSpans();

const ROUTER_SECRET = "router-shared-secret-for-the-grep-test";
const WRONG_IM_SECRET = "wrong-im-secret-key-000000000000000000000000";
const WRONG_QUECTEL_SECRET = "wrong-quectel-access-secret-0000";
const otherMerchant = testKeyPair("otherMerchant");
const otherWallet = testKeyPair("otherWallet");

/** The query that asks every source at once, as the signed-in user. */
const EVERYTHING = `{
  me { tencentIm { nickname } quectel { nickname } oneAccess { loginName } alipayPlus { userId }
       profile { displayName { value source } phone { value source } } }
  users(ids: ["u1", "u2", "nobody"]) { tencentIm { nickname } quectel { email } }
}`;

interface Run {
  /** Everything the service let out. */
  exposed: string[];
  /** What crossed the wire to the vendors (through the proxies). */
  wire: RecordedRequest[];
  /** UserSigs the IM client was given. */
  userSigs: string[];
  /** The `extensions.code`s the responses carried. */
  codes: Set<string>;
}

type Ask = (query: string, headers?: Record<string, string>) => Promise<void>;

/**
 * Starts a stack whose sources reach their emulators through recording proxies (unless `direct` names a source
 * whose URL the options set themselves), runs `scenario`, and gathers what came out.
 */
async function run(
  options: StackOptions,
  scenario: (ask: Ask, stack: Stack) => Promise<void>,
  { userSigSecret = TEST_IM.secretKey as string, direct = [] as string[] } = {},
): Promise<Run> {
  const proxies = {
    tencentIm: new RecordingProxy(),
    quectel: new RecordingProxy(),
    oneAccess: new RecordingProxy(),
    alipayPlus: new RecordingProxy(),
  };
  const urls = Object.fromEntries(
    await Promise.all(Object.entries(proxies).map(async ([name, proxy]) => [name, await proxy.listen()])),
  ) as Record<keyof typeof proxies, string>;
  const userSigs: string[] = [];
  const userSig: UserSigSource = {
    current() {
      const sig = testUserSig({ secretKey: userSigSecret });
      userSigs.push(sig);
      return sig;
    },
    invalidate() {},
  };
  const through = (name: keyof typeof proxies) => (direct.includes(name) ? {} : { baseUrl: urls[name] });
  const result: Run = { exposed: [], wire: [], userSigs, codes: new Set() };
  try {
    await withStack(
      {
        ...options,
        sources: {
          tencentIm: { ...through("tencentIm"), ...options.sources?.tencentIm },
          quectel: { ...through("quectel"), ...options.sources?.quectel },
          oneAccess: { ...through("oneAccess"), ...options.sources?.oneAccess },
          alipayPlus: { ...through("alipayPlus"), ...options.sources?.alipayPlus },
        },
        clientOptions: { tencentIm: { userSig } },
      },
      async (stack) => {
        proxies.tencentIm.target = stack.im.url;
        proxies.quectel.target = stack.quectel.url;
        proxies.oneAccess.target = stack.oneAccess.url;
        proxies.alipayPlus.target = stack.alipayPlus.url;
        const ask: Ask = async (query, headers = {}) => {
          const response = await axios.post(
            stack.graphqlUrl,
            { query },
            {
              headers: { "content-type": "application/json", "x-router-secret": ROUTER_SECRET, ...headers },
              validateStatus: () => true,
            },
          );
          result.exposed.push(JSON.stringify(response.headers), JSON.stringify(response.data));
          for (const error of (response.data as { errors?: { extensions?: { code?: string } }[] }).errors ??
            []) {
            if (error.extensions?.code) result.codes.add(error.extensions.code);
          }
        };
        await scenario(ask, stack);
        const base = stack.graphqlUrl.replace(/\/graphql$/, "");
        result.exposed.push((await scrape(stack.graphqlUrl)).text);
        result.exposed.push(
          JSON.stringify((await axios.get(`${base}/readyz`, { validateStatus: () => true })).data),
        );
        result.exposed.push(...stack.logLines);
      },
    );
  } finally {
    await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
  }
  result.exposed.push(...spans.spans().map(spanText));
  result.wire = Object.values(proxies).flatMap((proxy) => proxy.requests);
  return result;
}

/** Every credential value seen on the wire: query strings, credential headers, token fields of bodies. */
function wireSecrets(wire: RecordedRequest[]): string[] {
  const secrets: string[] = [];
  for (const request of wire) {
    const query = new URL(request.url, "http://x").searchParams;
    for (const key of ["usersig", "password", "username", "refresh_token"]) {
      const value = query.get(key);
      if (value) secrets.push(value);
    }
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value !== "string") continue;
      if (/authorization|signature|token/i.test(name)) secrets.push(value);
      if (name === "signature") {
        const signature = /signature=([^,]+)/.exec(value)?.[1];
        if (signature) secrets.push(signature, decodeURIComponent(signature));
      }
    }
    if (request.body.startsWith("{")) {
      const body = JSON.parse(request.body) as Record<string, unknown>;
      for (const key of ["accessToken", "authCode", "refreshToken"]) {
        if (typeof body[key] === "string") secrets.push(body[key]);
      }
    }
  }
  return secrets;
}

/** Credentials the test itself holds: the keys the service was configured with, and the viewers' tokens. */
const pemLines = (pem: string) =>
  pem.split("\n").filter((line) => line.length >= 40 && !line.startsWith("-----"));
const CONFIGURED = [
  TEST_IM.secretKey,
  WRONG_IM_SECRET,
  TEST_QUECTEL.accessSecret,
  WRONG_QUECTEL_SECRET,
  ROUTER_SECRET,
  "oneaccess-session-u3",
  "oneaccess-session-expired",
  "alipay-token-u3",
  "alipay-token-expired",
  ...pemLines(TEST_ALIPAY_PLUS.merchant.privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
  ...pemLines(otherMerchant.privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
];

/** Shapes no output should have, whatever the value: a query with a credential, a bearer-less token, a key. */
const SHAPES = [/usersig=/i, /password=/i, /QJWT /, /signature=/i, /-----BEGIN/, /[A-Za-z0-9+/*_-]{100,}/];

function expectNothingSecret(result: Run, expectedKinds: { wire: RegExp[] }) {
  const secrets = [...new Set([...CONFIGURED, ...result.userSigs, ...wireSecrets(result.wire)])];
  // The test saw the credentials it looks for: without them it would prove nothing.
  for (const kind of expectedKinds.wire) {
    expect(
      result.wire.some((request) => kind.test(JSON.stringify(request))),
      String(kind),
    ).toBe(true);
  }
  expect(result.exposed.length).toBeGreaterThan(5);
  for (const text of result.exposed) {
    for (const secret of secrets)
      expect(text.includes(secret), `found ${secret.slice(0, 12)}… in ${text.slice(0, 300)}`).toBe(false);
    for (const shape of SHAPES) expect(text, String(shape)).not.toMatch(shape);
  }
}

describe("no credential, UserSig, signature or session token in any output, on any failure path", () => {
  it("every source configured with credentials its vendor refuses; a caller without the router's secret; requests that never reach GraphQL", async () => {
    const result = await run(
      {
        sources: {
          tencentIm: { secretKey: WRONG_IM_SECRET },
          quectel: { accessSecret: WRONG_QUECTEL_SECRET },
          oneAccess: { clientId: "not-this-client" },
          alipayPlus: { privateKey: otherMerchant.privateKey },
        },
        config: { router: { sharedSecret: ROUTER_SECRET, secretHeader: "x-router-secret" } },
      },
      async (ask, stack) => {
        await ask(EVERYTHING, viewerHeaders("u3"));
        await ask(EVERYTHING, { ...viewerHeaders("u3"), "x-router-secret": `${ROUTER_SECRET}-not` });
        for (const body of ['{"query": ', JSON.stringify({ query: "x".repeat(2_000_000) })]) {
          const response = await axios.post(stack.graphqlUrl, body, {
            headers: { "content-type": "application/json", "x-router-secret": ROUTER_SECRET },
            validateStatus: () => true,
          });
          expect(response.status).toBeGreaterThanOrEqual(400);
        }
      },
      { userSigSecret: WRONG_IM_SECRET },
    );
    expect([...result.codes].sort()).toEqual(["SOURCE_UNAVAILABLE", "UNAUTHENTICATED"]);
    // (OneAccess refuses the unknown client id before any signed call.)
    expectNothingSecret(result, {
      wire: [/usersig=/, /"signature":"algorithm=RSA256/, /password=/],
    });
  });

  it("vendors failing in their own ways, and users with expired or unusable credentials", async () => {
    const result = await run({}, async (ask, stack) => {
      stack.im.faults.callErrorCode = 70003;
      stack.quectel.faults.rejectNextTokens = 10;
      stack.oneAccess.faults.profileErrorCode = "APP.0003";
      stack.alipayPlus.faults.corruptResponseSignature = true;
      await ask(EVERYTHING, viewerHeaders("u3"));
      stack.oneAccess.faults.profileErrorCode = null;
      stack.alipayPlus.faults.corruptResponseSignature = false;
      stack.alipayPlus.faults.trafficLimited = true;
      await ask(
        EVERYTHING,
        viewerHeaders("u3", { "x-oneaccess-session-token": "oneaccess-session-expired" }),
      );
      stack.alipayPlus.faults.trafficLimited = false;
      await ask(
        EVERYTHING,
        viewerHeaders("u3", {
          "x-alipay-plus-access-token": "alipay-token-expired",
          "x-device-fingerprint": "",
        }),
      );
    });
    expect([...result.codes].sort()).toEqual([
      "BAD_USER_INPUT",
      "SOURCE_RATE_LIMITED",
      "SOURCE_UNAVAILABLE",
      "UNAUTHENTICATED",
    ]);
    expectNothingSecret(result, { wire: [/usersig=/, /authorization/, /x-signature/, /accessToken/] });
  });

  it("a wallet whose answers do not verify with the configured public key", async () => {
    const result = await run(
      { sources: { alipayPlus: { walletPublicKey: otherWallet.publicKey } } },
      async (ask) => {
        await ask(EVERYTHING, viewerHeaders("u3"));
      },
    );
    expect(result.codes).toContain("SOURCE_UNAVAILABLE");
    expectNothingSecret(result, { wire: [/accessToken/] });
  });

  it("every source timing out", async () => {
    const timeoutMs = 60;
    const result = await run(
      {
        sources: {
          tencentIm: { timeoutMs },
          quectel: { timeoutMs },
          oneAccess: { timeoutMs },
          alipayPlus: { timeoutMs },
        },
      },
      async (ask, stack) => {
        for (const emulator of [stack.im, stack.quectel, stack.oneAccess, stack.alipayPlus]) {
          emulator.faults.latencyMs = 400;
        }
        await ask(EVERYTHING, viewerHeaders("u3"));
      },
    );
    expect(result.codes).toContain("SOURCE_TIMEOUT");
    expectNothingSecret(result, { wire: [/usersig=/, /password=/] });
  });

  it("every source unreachable (the credentials are in the URLs and headers axios's errors would quote)", async () => {
    const closed = "http://127.0.0.1:9";
    const result = await run(
      {
        sources: {
          tencentIm: { baseUrl: closed },
          quectel: { baseUrl: closed },
          oneAccess: { baseUrl: closed },
          alipayPlus: { baseUrl: closed },
        },
      },
      async (ask) => {
        await ask(EVERYTHING, viewerHeaders("u3"));
      },
      { direct: ["tencentIm", "quectel", "oneAccess", "alipayPlus"] },
    );
    expect([...result.codes]).toEqual(["SOURCE_UNAVAILABLE"]);
    expect(result.userSigs.length).toBeGreaterThan(0);
    expectNothingSecret(result, { wire: [] });
  });

  it("and on success", async () => {
    const result = await run({}, async (ask) => {
      await ask(EVERYTHING, viewerHeaders("u3"));
    });
    expect(result.codes.size).toBe(0);
    expectNothingSecret(result, {
      wire: [/usersig=/, /authorization/, /x-signature/, /accessToken/, /password=/],
    });
  });
});
