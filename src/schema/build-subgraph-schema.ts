import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/index.js";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, visit, type DocumentNode, type GraphQLSchema, type ObjectTypeDefinitionNode } from "graphql";
import { buildSchema, createResolversMap } from "type-graphql";
import { AlipayPlusResolver } from "./alipay-plus/alipay-plus.resolver.js";
import { OneAccessResolver } from "./oneaccess/oneaccess.resolver.js";
import { UnifiedProfileResolver, UserProfileResolver } from "./profile/unified-profile.resolver.js";
import { SourceStatusResolver } from "./status/source-status.resolver.js";
import { QuectelEndUserResolver, QuectelResolver } from "./quectel/quectel.resolver.js";
import { TencentImProfileResolver, TencentImResolver } from "./tencent-im/tencent-im.resolver.js";
import { resolveUserReference } from "./user/user.reference.js";
import { UserResolver } from "./user/user.resolver.js";
import { ViewerResolver } from "./viewer/viewer.resolver.js";

/** The Federation 2 spec this subgraph links, and the directives it imports from it. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", ' +
  'import: ["@key", "@shareable", "@tag", "@inaccessible"])';

/**
 * Apollo's cache-control directive, declared so that types can carry it: every object type below `User` takes
 * its max age from the field that returns it (`inheritMaxAge`), and the source fields set theirs from the
 * deployment's cache TTLs at run time (src/schema/cache-hints.ts).
 */
const CACHE_CONTROL = `
"Who may cache an answer: any cache, or only the caller's own (Apollo's cache control; routers read it)."
enum CacheControlScope @inaccessible {
  "Any cache may keep the answer."
  PUBLIC
  "Only a cache of the caller's own may keep the answer: it holds the signed-in user's data."
  PRIVATE
}
"How long, and by whom, a field's answer may be cached (Apollo's cache control)."
directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
`;

/** Types that are not the payload of a field of `User`: they keep their own hints. */
const OWN_CACHE_HINTS = new Set(["Query", "User", "SourceStatus"]);

/** Adds `@cacheControl(inheritMaxAge: true)` to every object type of the payloads. */
function inheritMaxAge(document: DocumentNode): DocumentNode {
  const directive = parse("type T @cacheControl(inheritMaxAge: true)")
    .definitions[0] as ObjectTypeDefinitionNode;
  return visit(document, {
    ObjectTypeDefinition(node) {
      if (OWN_CACHE_HINTS.has(node.name.value)) return undefined;
      return { ...node, directives: [...(node.directives ?? []), ...directive.directives!] };
    },
  });
}

/** Every resolver class of the graph, by feature. */
const RESOLVERS = [
  UserResolver,
  ViewerResolver,
  TencentImResolver,
  TencentImProfileResolver,
  QuectelResolver,
  QuectelEndUserResolver,
  OneAccessResolver,
  AlipayPlusResolver,
  UserProfileResolver,
  UnifiedProfileResolver,
  SourceStatusResolver,
] as const;

/**
 * Builds the code-first type-graphql schema, then rebuilds it as a Federation 2 subgraph: type-graphql keeps
 * `@Directive` on the AST, printSchemaWithDirectives carries it into SDL, and buildSubgraphSchema adds `_entities`,
 * `_service` and the link. Called once at start-up.
 */
export async function buildProfileSubgraphSchema(): Promise<GraphQLSchema> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: [...RESOLVERS],
    validate: false,
  });
  // type-graphql has no way to describe a root type.
  typeGraphqlSchema.getQueryType()!.description =
    "Entry points to users of the app: by id, by ids, or the signed-in user (`me`).";
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<unknown>;
  resolvers.User = {
    ...resolvers.User,
    __resolveReference: resolveUserReference,
  } as GraphQLResolverMap<unknown>[string];
  return buildSubgraphSchema({
    typeDefs: inheritMaxAge(
      parse(`${FEDERATION_LINK}\n${CACHE_CONTROL}\n${printSchemaWithDirectives(typeGraphqlSchema)}`),
    ),
    resolvers,
  });
}
