import type { ApolloServerPlugin } from "@apollo/server";
import { LRUCache } from "lru-cache";
import type { RequestHandler } from "express";
import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from "graphql";
import type { RequestContext } from "../context.js";
import { assertUserIds } from "../schema/user/user-id.js";
import type { CostLimits } from "./config.js";
import { estimateCost, type CostEstimate } from "./estimate.js";

/** The code Apollo Router's demand control answers with, so clients handle both alike. */
export const COST_ESTIMATED_TOO_EXPENSIVE = "COST_ESTIMATED_TOO_EXPENSIVE";

/**
 * Tokens of the document, stopping once past `limit` (a document may be up to the body limit, 1 MB), or at the first
 * text that is no token (an unterminated string, a stray character): that document is the parser's to refuse, with
 * GraphQL's own syntax error, and the tokens before it are all the budget counts.
 */
function lexTokens(query: string, limit: number): number {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF && tokens <= limit) tokens++;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
  }
  return tokens;
}

/** Documents up to this length have their token count remembered (clients send the same few documents). */
const CACHED_QUERY_MAX_LENGTH = 8 * 1024;
/** At most this many documents remembered: 8 KB each at most, so a few MB whatever callers send. */
const CACHED_QUERIES = 500;

/**
 * A token counter that remembers the count of short documents (the count depends on the text and the limit only):
 * the token limit and the cost estimate both need it, on every request, for the same few documents.
 */
function tokenCounter(limit: number): (query: string) => number {
  const counts = new LRUCache<string, number>({ max: CACHED_QUERIES });
  return (query) => {
    if (query.length > CACHED_QUERY_MAX_LENGTH) return lexTokens(query, limit);
    let tokens = counts.get(query);
    if (tokens === undefined) {
      tokens = lexTokens(query, limit);
      counts.set(query, tokens);
    }
    return tokens;
  };
}

/** One counter per limit: the HTTP check and the plugin of one server share it. */
const counters = new Map<number, (query: string) => number>();
const countTokens = (query: string, limit: number): number => {
  let counter = counters.get(limit);
  if (!counter) counters.set(limit, (counter = tokenCounter(limit)));
  return counter(query);
};

/** A document's token count and fragments by name. */
interface DocumentFacts {
  tokens: number;
  fragments: Record<string, FragmentDefinitionNode>;
}

/** What the budget says of one operation: null within every limit, else which limits it is over and the estimate. */
type Verdict = { over: string[]; estimate: CostEstimate & { tokens: number } } | null;

/**
 * The request-wide budget, checked after the operation is known and before any resolver runs: distinct users,
 * upstream calls per source, result size, aliases, depth and tokens. Over any limit, nothing executes and no
 * source is called: the answer is one error with `extensions.code` COST_ESTIMATED_TOO_EXPENSIVE, the estimate
 * and the limits.
 */
export function costLimits(limits: CostLimits, maxIdsPerField: number): ApolloServerPlugin<RequestContext> {
  // The last verdict on each operation without variables, for the viewer it was made for. Apollo Server keeps the
  // parsed document of a query it has seen, so a repeated query brings the same operation node, and an operation
  // without variables costs the same every time for the same viewer: it is judged once, not on every request.
  const withoutVariables = new WeakMap<OperationDefinitionNode, { viewerId?: string; verdict: Verdict }>();
  const judgeOnce = (
    operation: OperationDefinitionNode,
    viewerId: string | undefined,
    judge: () => Verdict,
  ) => {
    if (operation.variableDefinitions?.length) return judge();
    const known = withoutVariables.get(operation);
    if (known && known.viewerId === viewerId) return known.verdict;
    const verdict = judge();
    withoutVariables.set(operation, { viewerId, verdict });
    return verdict;
  };
  // What the estimate needs of a document besides its operation, worked out once per parsed document (Apollo
  // Server hands a repeated query's cached document to every request that sends it).
  const ofDocument = new WeakMap<DocumentNode, DocumentFacts>();
  const documentFacts = (document: DocumentNode, query: string | undefined): DocumentFacts => {
    let facts = ofDocument.get(document);
    if (facts) return facts;
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    // Counted again for the figure in the answer; a document over the limit never got this far.
    facts = { tokens: query ? countTokens(query, limits.maxTokens) : 0, fragments };
    ofDocument.set(document, facts);
    return facts;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema, contextValue }) {
          if (!operation) return;
          const viewer = contextValue.viewer;
          const viewerId = viewer.status === "signed-in" ? viewer.viewer.id : undefined;
          const verdict = judgeOnce(operation, viewerId, () => {
            const { tokens, fragments } = documentFacts(document, request.query);
            // Added to the estimate's own object: a spread copy costs more than the estimate itself.
            const estimate = Object.assign(
              estimateCost(schema, operation, fragments, request.variables ?? {}, viewerId),
              { tokens },
            );
            // A list longer than one field takes is the caller's mistake, said as such (as the field would).
            if (estimate.largestIdList > maxIdsPerField)
              assertUserIds(new Array(estimate.largestIdList), maxIdsPerField);
            const over = overLimits(estimate, limits);
            return over.length === 0 ? null : { over, estimate };
          });
          if (!verdict) return;
          const { message, extensions } = tooExpensive(verdict.over, verdict.estimate, limits);
          throw new GraphQLError(message, { extensions: { ...extensions, http: { status: 400 } } });
        },
      };
    },
  };
}

/** The answer to a request that is over budget, in GraphQL's error shape. */
function tooExpensive(over: string[], cost: object, limits: CostLimits) {
  return {
    message: `This request is estimated too expensive to run: ${over.join("; ")}.`,
    extensions: { code: COST_ESTIMATED_TOO_EXPENSIVE, cost, limits },
  };
}

/**
 * The token budget, checked on the HTTP body before GraphQL parses or validates the document (validation of a
 * document of many thousand fields is itself the expensive part).
 */
export function tokenLimit(limits: CostLimits): RequestHandler {
  return (req, res, next) => {
    const body = req.body as { query?: unknown } | undefined;
    const query =
      typeof body?.query === "string"
        ? body.query
        : typeof req.query.query === "string"
          ? req.query.query
          : "";
    const tokens = query ? countTokens(query, limits.maxTokens) : 0;
    if (tokens <= limits.maxTokens) return next();
    const over = [`tokens more than ${limits.maxTokens} (REQUEST_MAX_TOKENS)`];
    res.status(400).json({ errors: [tooExpensive(over, { tokens }, limits)] });
  };
}

function overLimits(estimate: CostEstimate & { tokens: number }, limits: CostLimits): string[] {
  const over: string[] = [];
  const check = (what: string, value: number, limit: number, variable: string) => {
    if (value > limit) over.push(`${what} ${value} > ${limit} (${variable})`);
  };
  check("distinct users", estimate.users, limits.maxUsers, "REQUEST_MAX_USERS");
  for (const [source, calls] of Object.entries(estimate.calls)) {
    check(`${source} calls`, calls, limits.maxCallsPerSource, "REQUEST_MAX_CALLS_PER_SOURCE");
  }
  check("result size", estimate.resultSize, limits.maxResultSize, "REQUEST_MAX_RESULT_SIZE");
  check("aliases", estimate.aliases, limits.maxAliases, "REQUEST_MAX_ALIASES");
  check("depth", estimate.depth, limits.maxDepth, "REQUEST_MAX_DEPTH");
  check("tokens", estimate.tokens, limits.maxTokens, "REQUEST_MAX_TOKENS");
  return over;
}
