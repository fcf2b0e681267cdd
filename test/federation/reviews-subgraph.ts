import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";

/**
 * A second subgraph written for the federation tests: reviews whose `author` references `User` by key only
 * (`resolvable: false`), as a team that does not own users would write it. Review i is by `u{i}`.
 */
export const REVIEWS_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

  type Query {
    reviews(first: Int!): [Review!]!
  }

  type Review {
    id: ID!
    body: String!
    author: User!
  }

  type User @key(fields: "id", resolvable: false) {
    id: ID!
  }
`);

export async function startReviewsSubgraph(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: REVIEWS_SDL,
      resolvers: {
        Query: {
          reviews: (_root: unknown, { first }: { first: number }) =>
            Array.from({ length: first }, (_, i) => ({
              id: `r${i + 1}`,
              body: `Review number ${i + 1}`,
              author: { id: `u${i + 1}` },
            })),
        },
      },
    }),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, stop: () => server.stop() };
}
