import { createSign } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testKeyPair } from "../support/key-pairs.js";
import { TEST_ALIPAY_PLUS, viewerHeaders, withStack, type Stack } from "../support/stack.js";

/**
 * Each source's vendor replaced by an upstream that answers whatever a test says: truncated, mistyped, foreign and
 * oversized bodies. Whatever it sends, the service answers the source's field with data or a SOURCE_* error, never
 * INTERNAL_SERVER_ERROR, and the other fields are unaffected.
 */
type Answer = { status?: number; headers?: Record<string, string>; body: string; hangUp?: boolean };
let answer: (path: string, body: string) => Answer = () => ({ body: "{}" });
let hostileUrl: string;
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    const reply = answer(req.url ?? "", body);
    if (reply.hangUp) return req.socket.destroy();
    res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
    res.end(reply.body);
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hostileUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Bodies any vendor might send by mistake, or an attacker on the path on purpose. */
const GARBAGE = [
  "",
  "{",
  '{"ErrorCode":',
  "null",
  "[]",
  "42",
  '"a string"',
  "<html><body>502 Bad Gateway</body></html>",
  '{"ErrorCode":"0","UserProfileItem":"x"}',
  '{"ErrorCode":0,"UserProfileItem":[null,7,{"To_Account":5},{"To_Account":"u1","ResultCode":"0"}]}',
  '{"ErrorCode":0,"UserProfileItem":[{"To_Account":"u1","ResultCode":0,"ProfileItem":[{"Tag":7}]}]}',
  '{"code":0,"data":{"uid":"u2","nikeName":{"x":1}}}',
  '{"code":0,"data":[1,2]}',
  '{"code":"0","data":null}',
  '{"result":{"resultStatus":"S"},"userInfo":"x"}',
  '{"result":null}',
  '{"user_name":["x"],"attr_birthday":{"y":1},"extension":"{"}',
  JSON.stringify({ ErrorCode: 0, ErrorInfo: "x".repeat(200_000) }),
];

type Result = {
  data?: { user?: Record<string, unknown> | null };
  errors?: {
    message?: string;
    path?: unknown[];
    extensions?: { code?: string; source?: string; providerCode?: unknown; retryable?: boolean };
  }[];
};

async function ask(stack: Stack, field: string, headers: Record<string, string> = {}): Promise<Result> {
  const response = await fetch(stack.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: `{ user(id: "u3") { id ${field} } }` }),
  });
  return (await response.json()) as Result;
}

function expectContained(result: Result, field: string) {
  const codes = (result.errors ?? []).map((error) => error.extensions?.code);
  expect(codes).not.toContain("INTERNAL_SERVER_ERROR");
  expect(result.data?.user?.id).toBe("u3");
  for (const error of result.errors ?? []) {
    expect(error.path).toEqual(["user", field]);
    expect(error.extensions?.code).toMatch(/^SOURCE_/);
    expect(error.extensions?.source).toBe(field);
  }
}

/** What a source's field says when a gateway in front of the vendor answers with a bare HTTP status. */
function expectGatewayStatus(result: Result, field: string, label: string, status: number) {
  expect(result.data?.user?.[field] ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  expect(error!.path).toEqual(["user", field]);
  if (status === 429) {
    expect(error!.extensions).toMatchObject({
      code: "SOURCE_RATE_LIMITED",
      source: field,
      providerCode: 429,
      retryable: true,
    });
    expect(error!.message).toBe(`${label} is rate limiting this service (HTTP 429)`);
  } else {
    expect(error!.extensions).toMatchObject({
      code: "SOURCE_UNAVAILABLE",
      source: field,
      providerCode: status,
      retryable: status >= 500,
    });
    expect(error!.message).toBe(`${label} answered HTTP ${status}`);
  }
}

/** A wallet answer signed as the wallet signs (so the client gets past verification to the body). */
function signedByWallet(path: string, body: string): Answer {
  const time = new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00");
  const signature = createSign("RSA-SHA256")
    .update(`POST ${path}\n${TEST_ALIPAY_PLUS.clientId}.${time}.${body}`, "utf8")
    .sign(TEST_ALIPAY_PLUS.wallet.privateKey, "base64");
  return {
    headers: {
      "response-time": time,
      signature: `algorithm=RSA256, keyVersion=1, signature=${encodeURIComponent(signature)}`,
    },
    body,
  };
}

const applicationKey = testKeyPair("otherWallet");
const PUBLIC_KEY = applicationKey.publicKey.export({ type: "spki", format: "pem" }).toString();

describe("hostile or broken upstream answers", () => {
  it("Tencent IM: any body fails the field alone with a SOURCE_* code", async () => {
    await withStack({ sources: { tencentIm: { baseUrl: hostileUrl } } }, async (stack) => {
      for (const body of GARBAGE) {
        answer = () => ({ body });
        expectContained(await ask(stack, "tencentIm { nickname }"), "tencentIm");
      }
    });
  });

  it("Tencent IM: a malformed item fails only its own account; the rest of the call answers", async () => {
    await withStack({ sources: { tencentIm: { baseUrl: hostileUrl } } }, async (stack) => {
      answer = () => ({
        body: JSON.stringify({
          ActionStatus: "OK",
          ErrorCode: 0,
          UserProfileItem: [
            { To_Account: "u1", ResultCode: 0, ProfileItem: "not a list" },
            { To_Account: "u2", ResultCode: 0, ProfileItem: [{ Tag: "Tag_Profile_IM_Nick", Value: "Two" }] },
          ],
        }),
      });
      const response = await fetch(stack.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: '{ users(ids: ["u1", "u2"]) { tencentIm { nickname } } }' }),
      });
      const result = (await response.json()) as {
        data: { users: { tencentIm: { nickname: string } | null }[] };
        errors?: { path: unknown[]; extensions: { code: string } }[];
      };
      expect(result.data.users.map((user) => user.tencentIm?.nickname ?? null)).toEqual([null, "Two"]);
      expect(result.errors).toEqual([
        expect.objectContaining({
          path: ["users", 0, "tencentIm"],
          extensions: expect.objectContaining({ code: "SOURCE_UNAVAILABLE" }),
        }),
      ]);
    });
  });

  it("Quectel: any userInfo body fails the field alone; an answer about another uid is refused", async () => {
    await withStack({ sources: { quectel: { baseUrl: hostileUrl } } }, async (stack) => {
      const login = { body: JSON.stringify({ code: 200, access_token: "token", expires_in: 7200 }) };
      for (const body of GARBAGE) {
        answer = (path) => (path.includes("accessKeyLogin") ? login : { body });
        expectContained(await ask(stack, "quectel { nickname }"), "quectel");
      }
      answer = (path) =>
        path.includes("accessKeyLogin")
          ? login
          : { body: JSON.stringify({ code: 0, data: { uid: "u9", nikeName: "Nine" } }) };
      const foreign = await ask(stack, "quectel { nickname }");
      expect(foreign.data?.user?.quectel).toBeNull();
      expect(foreign.errors?.[0]?.extensions?.code).toBe("SOURCE_UNAVAILABLE");
    });
  });

  it("OneAccess: any body from its three endpoints fails the field alone; HTML with 200 is not an empty profile", async () => {
    await withStack({ sources: { oneAccess: { baseUrl: hostileUrl } } }, async (stack) => {
      const date = { body: JSON.stringify({ timestamp: String(Date.now()) }) };
      const key = { body: JSON.stringify({ public_key: PUBLIC_KEY }) };
      for (const body of GARBAGE) {
        for (const broken of ["server-date", "public-key", "profile"]) {
          answer = (path) =>
            path.endsWith(broken)
              ? { body }
              : path.endsWith("server-date")
                ? date
                : path.endsWith("public-key")
                  ? key
                  : { body: "{}" };
          expectContained(await ask(stack, "oneAccess { email }", viewerHeaders("u3")), "oneAccess");
        }
      }
      answer = (path) =>
        path.endsWith("server-date")
          ? date
          : path.endsWith("public-key")
            ? key
            : { body: "<html>maintenance</html>" };
      const html = await ask(stack, "oneAccess { email }", viewerHeaders("u3"));
      expect(html.data?.user?.oneAccess).toBeNull();
      expect(html.errors?.[0]?.extensions?.code).toBe("SOURCE_UNAVAILABLE");
    });
  });

  it("a gateway's bare HTTP status (no vendor envelope): SOURCE_UNAVAILABLE or SOURCE_RATE_LIMITED with that status", async () => {
    const bare = (status: number) => ({ status, body: status === 502 ? "<html>Bad Gateway</html>" : "" });
    await withStack(
      { sources: { tencentIm: { baseUrl: hostileUrl }, quectel: { baseUrl: hostileUrl } } },
      async (stack) => {
        for (const status of [500, 502, 503, 429, 404]) {
          answer = () => bare(status);
          expectGatewayStatus(await ask(stack, "tencentIm { nickname }"), "tencentIm", "Tencent IM", status);
        }
        // Quectel's login first, while no token is kept (once one is, userInfo is called directly).
        for (const status of [502, 429]) {
          answer = () => bare(status);
          expectGatewayStatus(
            await ask(stack, "quectel { nickname }"),
            "quectel",
            "Quectel AccessKey login",
            status,
          );
        }
        // A login is refused unless its envelope has both a success code and a token.
        for (const refused of [{ code: 200 }, { code: 401, access_token: "token" }, { code: 70000 }]) {
          answer = () => ({ status: refused.code === 200 ? 200 : 401, body: JSON.stringify(refused) });
          const result = await ask(stack, "quectel { nickname }");
          expect(result.data?.user?.quectel).toBeNull();
          expect(result.errors).toHaveLength(1);
          expect(result.errors![0]!.message).toBe(
            `Quectel refused this service's AccessKey login (code ${refused.code})`,
          );
          expect(result.errors![0]!.extensions).toMatchObject({
            code: "SOURCE_UNAVAILABLE",
            source: "quectel",
            providerCode: refused.code,
            retryable: refused.code === 70000,
          });
        }
        const login = { body: JSON.stringify({ code: 200, access_token: "token", expires_in: 7200 }) };
        for (const status of [502, 429, 404]) {
          answer = (path) => (path.includes("accessKeyLogin") ? login : bare(status));
          expectGatewayStatus(await ask(stack, "quectel { nickname }"), "quectel", "Quectel", status);
        }
        // userInfo itself cut off, with a token kept: named as Quectel's, not the login's.
        answer = (path) => (path.includes("accessKeyLogin") ? login : { body: "", hangUp: true });
        const cut = await ask(stack, "quectel { nickname }");
        expect(cut.errors).toHaveLength(1);
        expect(cut.errors![0]!.message).toBe("Quectel could not be reached (ECONNRESET)");
        expect(cut.errors![0]!.extensions).toMatchObject({
          code: "SOURCE_UNAVAILABLE",
          source: "quectel",
          retryable: true,
        });
      },
    );
  });

  it("a vendor that cannot be reached: SOURCE_UNAVAILABLE, retryable, naming the call that failed", async () => {
    // The discard port: nothing listens there, and no test server started on port 0 can be given it (a port freed
    // here could be, by a test running beside this one).
    const closed = "http://127.0.0.1:9";
    await withStack(
      { sources: { tencentIm: { baseUrl: closed }, quectel: { baseUrl: closed } } },
      async (stack) => {
        for (const [field, label] of [
          ["tencentIm", "Tencent IM"],
          ["quectel", "Quectel AccessKey login"],
        ] as const) {
          const result = await ask(stack, `${field} { nickname }`);
          expect(result.data?.user?.[field]).toBeNull();
          expect(result.errors).toHaveLength(1);
          expect(result.errors![0]!.message).toBe(`${label} could not be reached (ECONNREFUSED)`);
          expect(result.errors![0]!.extensions).toMatchObject({
            code: "SOURCE_UNAVAILABLE",
            source: field,
            retryable: true,
          });
        }
      },
    );
  });

  it("Alipay+: any body, signed or not, fails the field alone with SOURCE_UNAVAILABLE", async () => {
    await withStack({ sources: { alipayPlus: { baseUrl: hostileUrl } } }, async (stack) => {
      for (const body of GARBAGE) {
        for (const signed of [true, false]) {
          answer = (path) => (signed ? signedByWallet(path, body) : { body });
          const result = await ask(stack, "alipayPlus { userId }", viewerHeaders("u3"));
          expectContained(result, "alipayPlus");
          expect(result.data?.user?.alipayPlus ?? null).toBeNull();
        }
      }
    });
  });
});
