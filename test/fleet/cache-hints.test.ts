import { describe, expect, it } from "vitest";
import { viewerHeaders, withStack, type Stack } from "../support/stack.js";

/** The Cache-Control a router would read for `query`. */
async function cacheControl(stack: Stack, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(stack.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown };
  expect(body.errors).toBeUndefined();
  return response.headers.get("cache-control");
}

const TTLS = { sources: { tencentIm: { cacheTtlMs: 60_000 }, quectel: { cacheTtlMs: 300_000 } } };

describe("cache hints for the router", () => {
  it("a source field may be cached as long as the deployment keeps its answers, nested objects included", async () => {
    await withStack(TTLS, async (stack) => {
      expect(
        await cacheControl(
          stack,
          '{ user(id: "u1") { id tencentIm { nickname customTags { tag value } } } }',
        ),
      ).toBe("max-age=60, public");
      expect(
        await cacheControl(
          stack,
          '{ user(id: "u1") { quectel { nickname linkedAccounts { alipayUserId } } } }',
        ),
      ).toBe("max-age=300, public");
    });
  });

  it("a response is as fresh as its shortest-lived field; the merged profile as its shortest source", async () => {
    await withStack(TTLS, async (stack) => {
      expect(
        await cacheControl(stack, '{ user(id: "u1") { tencentIm { nickname } quectel { nickname } } }'),
      ).toBe("max-age=60, public");
      expect(
        await cacheControl(stack, '{ users(ids: ["u1"]) { profile { displayName { value source } } } }'),
      ).toBe("max-age=60, public");
    });
  });

  it("a viewer-only field, or the viewer's own profile, is never cacheable by a shared cache", async () => {
    await withStack(TTLS, async (stack) => {
      const headers = viewerHeaders("u3");
      for (const query of [
        "{ me { tencentIm { nickname } oneAccess { email } } }",
        "{ me { alipayPlus { userId } } }",
        '{ user(id: "u3") { profile { displayName { value } } } }',
      ]) {
        const header = await cacheControl(stack, query, headers);
        expect(header ?? "", query).not.toMatch(/public|max-age=[1-9]/);
      }
    });
  });

  it("with no cache TTL nothing is said to be cacheable: every response is no-store", async () => {
    await withStack({}, async (stack) => {
      expect(await cacheControl(stack, '{ user(id: "u1") { tencentIm { nickname } } }')).toBe("no-store");
      expect(await cacheControl(stack, "{ __typename }")).toBe("no-store");
    });
  });
});
