import { describe, expect, it } from "vitest";
import { USER_INFO_PATH } from "../../src/providers/quectel/client.js";
import { PORTRAIT_GET_PATH } from "../../src/providers/tencent-im/client.js";
import { useStack, viewerHeaders, type Stack } from "../support/stack.js";

const ids = (count: number, prefix = "u") =>
  Array.from({ length: count }, (_, index) => `${prefix}${index + 1}`);

async function post(stack: Stack, body: unknown, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(stack.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions: Record<string, unknown> }[];
  };
  return { status: response.status, answer, ms: performance.now() - started };
}

const upstreamCalls = (stack: Stack) =>
  stack.im.stats.get(PORTRAIT_GET_PATH).calls + stack.quectel.stats.get(USER_INFO_PATH).calls;

describe("the request-wide cost budget", () => {
  const stack = useStack();

  it("an operation without variables is judged for each viewer, and a refusal holds on every repeat", async () => {
    // 1000 ids written in the document, and `me`: 1000 distinct users when the viewer is one of them, 1001 otherwise.
    const query = `{ users(ids: [${ids(1000)
      .map((id) => `"${id}"`)
      .join(", ")}]) { id } me { id } }`;
    const asViewer = async (viewer: string) => post(stack, { query }, viewerHeaders(viewer));
    const first = await asViewer("u7");
    expect(first.status).toBe(200);
    expect((first.answer.data as { users: unknown[] }).users).toHaveLength(1000);
    for (const attempt of [1, 2]) {
      const refused = await asViewer("u1001");
      expect({ attempt, status: refused.status }).toEqual({ attempt, status: 400 });
      expect(refused.answer.errors?.[0]?.extensions).toMatchObject({
        code: "COST_ESTIMATED_TOO_EXPENSIVE",
        cost: { users: 1001 },
      });
    }
    const again = await asViewer("u7");
    expect(again.status).toBe(200);
  });

  it("200 aliased profiles over 1000 users, 3 at once: refused before anything runs, no upstream call", async () => {
    const aliases = Array.from(
      { length: 200 },
      (_, index) => `p${index}: profile { displayName { value source } }`,
    );
    const query = `query ($ids: [ID!]!) { users(ids: $ids) { ${aliases.join(" ")} } }`;
    expect(query.length).toBeGreaterThan(9000);
    const rssBefore = process.memoryUsage().rss;
    const results = await Promise.all(
      [1, 2, 3].map(() => post(stack, { query, variables: { ids: ids(1000) } })),
    );
    for (const { status, answer } of results) {
      expect(status).toBe(400);
      expect(answer.data).toBeUndefined();
      expect(answer.errors?.[0]?.extensions).toMatchObject({
        code: "COST_ESTIMATED_TOO_EXPENSIVE",
        cost: { users: 1000, aliases: 200 },
        limits: { maxAliases: 30 },
      });
    }
    expect(upstreamCalls(stack)).toBe(0);
    expect((process.memoryUsage().rss - rssBefore) / 2 ** 20).toBeLessThan(50);
  });

  it("30 aliased users(ids:) of 1000 different ids each: 30,000 users refused, no upstream call", async () => {
    const fields = Array.from(
      { length: 30 },
      (_, index) => `a${index}: users(ids: $ids${index}) { quectel { nickname } }`,
    );
    const variables = Object.fromEntries(fields.map((_, index) => [`ids${index}`, ids(1000, `a${index}x`)]));
    const query = `query (${fields.map((_, index) => `$ids${index}: [ID!]!`).join(", ")}) { ${fields.join(" ")} }`;
    const { answer } = await post(stack, { query, variables });
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: "COST_ESTIMATED_TOO_EXPENSIVE",
      cost: { users: 30_000, calls: { quectel: 30_000 } },
    });
    expect(answer.errors?.[0]?.message).toContain("REQUEST_MAX_USERS");
    expect(upstreamCalls(stack)).toBe(0);
  });

  it("_entities with 20,000 representations is refused, no upstream call", async () => {
    const representations = ids(20_000).map((id) => ({ __typename: "User", id }));
    const query =
      "query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { tencentIm { nickname } } } }";
    const { answer } = await post(stack, { query, variables: { representations } });
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: "COST_ESTIMATED_TOO_EXPENSIVE",
      cost: { users: 20_000, calls: { tencentIm: 200 } },
    });
    expect(upstreamCalls(stack)).toBe(0);
  });

  it("a deep or token-heavy document is refused for what it is", async () => {
    const deep = await post(stack, {
      query: `{ __schema { types { fields { type ${"{ ofType ".repeat(12)}{ name }${" }".repeat(12)} } } } }`,
    });
    expect(deep.answer.errors?.[0]?.extensions).toMatchObject({ code: "COST_ESTIMATED_TOO_EXPENSIVE" });
    expect(deep.answer.errors?.[0]?.message).toContain("REQUEST_MAX_DEPTH");
    const literal = `{ users(ids: [${ids(1000)
      .map((id) => `"${id}"`)
      .join(", ")}]) { id } __typename ${"__typename ".repeat(4500)} }`;
    const heavy = await post(stack, { query: literal });
    expect(heavy.status).toBe(400);
    expect(heavy.answer.errors?.[0]?.extensions).toMatchObject({ code: "COST_ESTIMATED_TOO_EXPENSIVE" });
    expect(heavy.answer.errors?.[0]?.message).toContain("REQUEST_MAX_TOKENS");
    expect(heavy.ms).toBeLessThan(2000);
  });

  it("a legitimate 1000-user query of every server source answers in full", async () => {
    const query = `query ($ids: [ID!]!) { users(ids: $ids) {
      id
      tencentIm { userId nickname gender birthday avatarUrl customTags { tag value } }
      quectel { userId nickname email phone status linkedAccounts { wechatUnionId alipayUserId } }
      profile { displayName { value source } avatarUrl { value source } email { value source } }
    } }`;
    const { status, answer } = await post(stack, { query, variables: { ids: ids(1000) } });
    expect(status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect((answer.data as { users: unknown[] }).users).toHaveLength(1000);
    expect(stack.im.stats.get(PORTRAIT_GET_PATH).calls).toBe(10);
    expect(stack.quectel.stats.get(USER_INFO_PATH).calls).toBe(1000);
  }, 30_000);
});
