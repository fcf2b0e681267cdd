import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/index.js";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
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
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(typeGraphqlSchema)}`),
    resolvers,
  });
}
