import { cacheControlFromInfo } from "@apollo/cache-control-types";
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import type { AppConfig } from "../config.js";
import type { RequestContext } from "../context.js";
import { SOURCES } from "../providers/registry.js";

/** Fields of Query that return users: their answers live as long as the longest-lived source answer in them. */
const USER_ROOTS = new Set(["user", "users", "_entities"]);

/**
 * The cache hints a router reads from the response's `Cache-Control` (Apollo's cache control): each source field
 * may be cached as long as this deployment keeps its answers (`*_CACHE_TTL_MS`), a viewer-only field never by a
 * shared cache (`PRIVATE`, max age 0), the merged profile as long as its shortest source (and privately on the
 * viewer's own User), and everything below inherits from the field that returns it (`@cacheControl(inheritMaxAge)`
 * on the payload types). A response's max age is the smallest of its fields'. Without any TTL there is nothing
 * cacheable to say: Apollo's cache control, which runs a hook for every field of every request, is off, and every
 * response is `no-store`, as Apollo would have said.
 */
export function cacheHints(config: AppConfig): ApolloServerPlugin<RequestContext>[] {
  const maxAge = new Map<string, { maxAge: number; scope?: "PRIVATE" }>();
  for (const source of SOURCES) {
    const ttlMs = (config.sources[source.name] as { cacheTtlMs?: number } | null)?.cacheTtlMs ?? 0;
    maxAge.set(
      source.name,
      source.access.kind === "viewer"
        ? { maxAge: 0, scope: "PRIVATE" }
        : { maxAge: Math.floor(ttlMs / 1000) },
    );
  }
  const serverAges = [...maxAge.values()].filter((hint) => !hint.scope).map((hint) => hint.maxAge);
  const longest = Math.max(0, ...serverAges);
  const shortest = Math.min(...serverAges);
  if (longest === 0) return [ApolloServerPluginCacheControlDisabled(), uncacheable];
  return [
    {
      async requestDidStart() {
        return {
          async executionDidStart() {
            return {
              willResolveField({ info, contextValue, source }) {
                const parent = info.parentType.name;
                if (parent === "Query") {
                  if (info.fieldName === "me")
                    cacheControlFromInfo(info).setCacheHint({ maxAge: longest, scope: "PRIVATE" });
                  else if (USER_ROOTS.has(info.fieldName))
                    cacheControlFromInfo(info).setCacheHint({ maxAge: longest });
                  return;
                }
                if (parent !== "User") return;
                const hint = maxAge.get(info.fieldName);
                if (hint) return void cacheControlFromInfo(info).setCacheHint(hint);
                if (info.fieldName !== "profile") return;
                const viewer = contextValue.viewer;
                const own =
                  viewer.status === "signed-in" && viewer.viewer.id === (source as { id?: string }).id;
                cacheControlFromInfo(info).setCacheHint(
                  own ? { maxAge: 0, scope: "PRIVATE" } : { maxAge: shortest },
                );
              },
            };
          },
        };
      },
    },
  ];
}

/** Every response `Cache-Control: no-store`, as Apollo's cache control says of a response with nothing cacheable. */
const uncacheable: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set("cache-control", "no-store");
      },
    };
  },
};
