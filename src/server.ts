import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type RequestHandler,
  type Response,
} from "express";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import type { AppConfig } from "./config.js";
import { createContextFactory, type RequestContext } from "./context.js";
import { corsPolicy } from "./cors-policy.js";
import { systemClock, type Clock } from "./domain/clock.js";
import { ErrorCode } from "./errors.js";
import { costLimits, tokenLimit } from "./cost/plugin.js";
import { FleetStore } from "./fleet/redis.js";
import { createLogger, type Logger } from "./logger.js";
import { createServiceMetrics, type ServiceMetrics } from "./observability/metrics.js";
import { Readiness } from "./observability/readiness.js";
import { assignRequestId, requestIdOf } from "./observability/request-scope.js";
import { createSourceClients, type SourceClientOptions, type SourceClients } from "./providers/clients.js";
import { SOURCE_LABELS } from "./providers/registry.js";
import { INLINE_TRACE_HEADER, routerTrust } from "./router-trust.js";
import { buildProfileSubgraphSchema } from "./schema/build-subgraph-schema.js";
import { cacheHints } from "./schema/cache-hints.js";
import {
  SANDBOX_SAMPLE_OPERATIONS,
  SANDBOX_SAMPLE_VARIABLES,
  SANDBOX_VIEWER_HEADERS,
} from "./schema/sandbox-sample.js";

export const GRAPHQL_PATH = "/graphql";
export const METRICS_PATH = "/metrics";
/** Liveness: the process answers. */
export const HEALTHZ_PATH = "/healthz";
/** Readiness: the process should be sent traffic. */
export const READYZ_PATH = "/readyz";

export interface ServerDependencies {
  logger?: Logger;
  /** Provider clients; built from the config when absent. */
  clients?: SourceClients;
  /** Overrides of the clients' constructor options (tests: a stub credential cache, shorter back-off). */
  clientOptions?: SourceClientOptions;
  clock?: Clock;
  /** A prebuilt schema (several servers in one test process can share it). */
  schema?: GraphQLSchema;
  /** The metrics `/metrics` serves; a fresh registry without process metrics when absent. */
  metrics?: ServiceMetrics;
}

export interface ProfileServer {
  app: Express;
  httpServer: http.Server;
  metrics: ServiceMetrics;
  readiness: Readiness;
  /** Listens on the port (0 picks a free one), then is ready; returns the GraphQL endpoint's URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops taking traffic: /readyz fails and responses close their connection; requests in flight finish. */
  drain(): void;
  /** Stops listening, waits for requests in flight (up to 10 s), and closes the connections. */
  stop(): Promise<void>;
}

/** The response header that carries the request's id (the caller's, when it sent an acceptable one). */
export const REQUEST_ID_HEADER = "x-request-id";

/**
 * Assembles the service without listening: the schema (built once), the provider clients, Apollo Server with
 * the environment's posture (introspection, suggestions, landing page) and error masking, and an express app
 * serving GraphQL at /graphql behind the CORS policy.
 */
export async function createServer(config: AppConfig, deps: ServerDependencies = {}): Promise<ProfileServer> {
  const logger = deps.logger ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const schema = deps.schema ?? (await buildProfileSubgraphSchema());
  // With REDIS_URL the replicas share the IM budget, the Quectel token and the answer cache; a replica starts
  // whether Redis answers or not, and falls back to its local behaviour while it does not.
  const fleet = config.redisUrl ? new FleetStore(config.redisUrl, logger) : null;
  fleet?.start();
  const metrics = deps.metrics ?? createServiceMetrics();
  const readiness = new Readiness({
    requireSources: config.readinessRequiresSources,
    labels: SOURCE_LABELS,
    metrics,
    clock: deps.clock,
  });
  const clients =
    deps.clients ??
    createSourceClients(
      config.sources,
      {
        logger,
        clock: deps.clock ?? systemClock,
        fleet,
        cacheMaxEntries: config.cacheMaxEntries,
        metrics,
        upstream: config.upstream,
      },
      deps.clientOptions,
    );
  const app = express();
  app.disable("x-powered-by");
  // GraphQL answers are POST responses or per-request results: an ETag (a SHA-1 of every body) buys nothing.
  app.set("etag", false);
  // Requests for exactly /graphql skip express's router (see graphqlFastPath); everything else goes through it.
  let fastPath: http.RequestListener = app;
  const httpServer = http.createServer(expressFlavoured(app), (req, res) => {
    fastPath(req, res);
  });

  const apollo = new ApolloServer<RequestContext>({
    schema,
    // Apollo Server's own messages go through the service's structured logger.
    logger: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.info(message),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.error(message),
    },
    introspection: config.introspection,
    // "Did you mean …?" suggestions name fields an outsider did not know about.
    hideSchemaDetailsFromClientErrors: !config.fieldSuggestions,
    includeStacktraceInErrorResponses: false,
    // The entry point handles SIGTERM (drain, delay, stop); Apollo's own handler would stop at once and re-raise.
    stopOnTerminationSignals: false,
    formatError: maskUnexpectedErrors,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      inlineTraces(config),
      config.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({
            footer: false,
            embed: { runTelemetry: false },
            // Sandbox mode: Apollo Sandbox opens with the sample operations and signed in as a sandbox user.
            ...(config.sandbox
              ? {
                  document: SANDBOX_SAMPLE_OPERATIONS,
                  variables: SANDBOX_SAMPLE_VARIABLES,
                  headers: SANDBOX_VIEWER_HEADERS,
                }
              : {}),
          })
        : ApolloServerPluginLandingPageDisabled(),
      costLimits(config.cost, config.maxUsersPerRequest),
      logRequestErrors(logger),
      ...cacheHints(config),
      reportProfileFailures(),
      measureRequests(metrics),
    ],
  });
  await apollo.start();

  const draining: RequestHandler = (_req, res, next) => {
    // While draining, clients with kept-alive connections are told to reconnect (to another replica).
    if (readiness.phase === "draining") res.setHeader("connection", "close");
    next();
  };
  const graphqlChain: RequestHandler[] = [
    corsPolicy(config),
    routerTrust(config, logger, { onRefused: () => metrics.untrustedRequest() }),
    express.json({ limit: "1mb" }),
    tokenLimit(config.cost),
    graphqlHandler(
      apollo,
      createContextFactory(config, clients, (source, result, error) => {
        metrics.source(source).result(result);
        readiness.observe(source, result, error);
      }),
    ),
  ];
  const failed = requestErrors(logger);

  app.use(requestScope);
  app.use(draining);
  app.get(HEALTHZ_PATH, (_req, res) => {
    res.json({ status: "alive" });
  });
  app.get(READYZ_PATH, (_req, res) => {
    const status = readiness.status();
    res.status(status.ready ? 200 : 503).json(status);
  });
  app.get(METRICS_PATH, async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(GRAPHQL_PATH, ...graphqlChain);
  app.use(notFound);
  app.use(failed);
  fastPath = graphqlFastPath(app, [requestScope, draining, ...graphqlChain], failed);

  return {
    app,
    httpServer,
    metrics,
    readiness,
    async listen(port, host) {
      await new Promise<void>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => resolve());
      });
      readiness.markReady();
      const address = httpServer.address() as AddressInfo;
      const shownHost = host && host !== "0.0.0.0" && host !== "::" ? host : "localhost";
      return `http://${shownHost}:${address.port}${GRAPHQL_PATH}`;
    },
    drain() {
      readiness.drain();
    },
    async stop() {
      readiness.drain();
      await apollo.stop();
      await fleet?.stop();
    },
  };
}

/**
 * ftv1 traces for the router, errors in them masked; routerTrust decides who may ask (it removes the header from
 * any other request). Apollo's plugin builds a trace tree for every request before it looks at the header: here the
 * header is looked at first, so a request that asks for no trace costs nothing. In production without a router
 * secret nobody may ask, and the plugin is off (Apollo would otherwise install it by itself in a subgraph).
 */
function inlineTraces(config: AppConfig): ApolloServerPlugin<RequestContext> {
  if (config.production && config.router.sharedSecret === null)
    return ApolloServerPluginInlineTraceDisabled();
  const plugin = ApolloServerPluginInlineTrace({ includeErrors: { masked: true } });
  const traced = plugin.requestDidStart!.bind(plugin);
  // The rest of the plugin as it is, Apollo's own marks included (they stop it from installing a second one).
  return {
    ...plugin,
    async requestDidStart(requestContext) {
      if (requestContext.request.http?.headers.get(INLINE_TRACE_HEADER) !== "ftv1") return;
      return traced(requestContext);
    },
  };
}

/**
 * Errors we raise are GraphQLErrors with a code from our vocabulary and a message written for clients. Anything
 * else thrown in a resolver is a bug or a library's message (which may quote a URL): the client gets a generic
 * one (the error is logged by logRequestErrors, with the request's id).
 */
function maskUnexpectedErrors(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isUnexpected(error)) {
    return {
      message: "Internal server error",
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  }
  return formatted;
}

/** Thrown in a resolver and not one of ours: a bug, or a library's message. */
const isUnexpected = (error: unknown): boolean => !(unwrapResolverError(error) instanceof GraphQLError);

/**
 * One log line per failed source field, with the codes and never the upstream's URL or credentials, and one per
 * unexpected error (its name and message only); each with the request's id.
 */
function logRequestErrors(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, operationName, contextValue }) {
          const { requestId } = contextValue;
          for (const error of errors) {
            if (!(error instanceof GraphQLError) || !isUnexpected(error.originalError ?? error)) continue;
            const original = unwrapResolverError(error);
            logger.error("unexpected error in a resolver", {
              requestId,
              path: error.path,
              error: original instanceof Error ? `${original.name}: ${original.message}` : String(original),
            });
          }
          // One line per source and code, with how many fields and the first path: a request of 1000 users whose
          // source failed writes one line, not 1000.
          const failures = new Map<string, { error: GraphQLError; fields: number }>();
          for (const error of errors) {
            if (!(error instanceof GraphQLError) || !error.extensions?.source) continue;
            const key = `${String(error.extensions.source)}|${String(error.extensions.code)}|${String(error.extensions.providerCode)}`;
            const seen = failures.get(key);
            if (seen) seen.fields++;
            else failures.set(key, { error, fields: 1 });
          }
          for (const { error, fields } of failures.values()) {
            logger.warn("source field failed", {
              requestId,
              operationName,
              path: error.path,
              fields,
              code: error.extensions.code,
              source: error.extensions.source,
              providerCode: error.extensions.providerCode,
            });
          }
        },
      };
    },
  };
}

function measureRequests(metrics: ServiceMetrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const { data, errors } = response.body.singleResult;
          const outcome = !errors?.length ? "ok" : data ? "partial" : "failed";
          metrics.graphqlRequest(outcome, (performance.now() - started) / 1000);
        },
      };
    },
  };
}

/**
 * A source that failed while `profile` was being merged leaves the profile standing (merged from the others), so
 * the failure cannot be a resolver error: it is added to the response's errors here, once per profile and source,
 * with the source's own extensions and the path of the `profile` field. When the same query also selected that
 * source's own field on the same User, that field's error already says it, and none is added.
 */
function reportProfileFailures(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const failures = contextValue.profile.failures;
          if (response.body.kind !== "single" || failures.length === 0) return;
          const result = response.body.singleResult;
          const errors: GraphQLFormattedError[] = [...(result.errors ?? [])];
          const reported = new Set<string>();
          for (const { profilePath, source, error } of failures) {
            const userPath = profilePath.slice(0, -1);
            const key = `${profilePath.join(".")}|${source}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const alreadySaid = errors.some(
              (existing) =>
                existing.extensions?.source === source &&
                existing.path?.length === userPath.length + 1 &&
                userPath.every((segment, index) => existing.path?.[index] === segment),
            );
            if (alreadySaid) continue;
            errors.push({
              message: `${SOURCE_LABELS[source]} failed, so this profile was merged without it: ${
                error instanceof GraphQLError ? error.message : "internal error"
              }`,
              path: [...profilePath],
              extensions:
                error instanceof GraphQLError
                  ? { ...error.extensions }
                  : { code: ErrorCode.INTERNAL_SERVER_ERROR, source },
            });
          }
          result.errors = errors;
        },
      };
    },
  };
}

/**
 * Every request gets an id (the caller's `x-request-id` when acceptable, else a new one), echoed in the response
 * and carried by the log lines about the request.
 */
const requestScope: RequestHandler = (req, res, next) => {
  res.setHeader(REQUEST_ID_HEADER, assignRequestId(req, req.headers[REQUEST_ID_HEADER]));
  next();
};

/**
 * The hot path: a request for exactly `/graphql` (with or without a query string) runs the same handlers, in the
 * same order, as express would run for it (request scope, draining, CORS, router trust, JSON body, token limit,
 * Apollo Server), and the same error handler, without express's router: the router's per-layer path matching and
 * `next()` trampolines cost more per request than Apollo Server's own pipeline for a small query. Any other path
 * (and `/graphql/…`, which express's `app.use` also matches) goes to express.
 */
function graphqlFastPath(
  app: Express,
  handlers: RequestHandler[],
  failed: ErrorRequestHandler,
): http.RequestListener {
  return (incoming, outgoing) => {
    const url = incoming.url ?? "";
    const exact =
      url.startsWith(GRAPHQL_PATH) &&
      (url.length === GRAPHQL_PATH.length || url[GRAPHQL_PATH.length] === "?");
    if (!exact) return void app(incoming, outgoing);
    // What express does before its router: the circular references (its request and response methods are there
    // already, see expressFlavoured).
    const req = incoming as Request;
    const res = outgoing as Response;
    req.res = res;
    res.req = req;
    res.locals = Object.create(null) as Response["locals"];
    let index = 0;
    const next = (error?: unknown): void => {
      if (error !== undefined && error !== "route" && error !== "router") {
        failed(error, req, res, finalFallback(res));
        return;
      }
      const handler = handlers[index++];
      if (!handler) return void notFound(req, res, next);
      try {
        const result = handler(req, res, next) as unknown;
        if (result instanceof Promise) result.catch(next);
      } catch (thrown) {
        next(thrown ?? new Error("handler threw"));
      }
    };
    next();
  };
}

/**
 * The HTTP server's request and response classes, with express's methods on their prototypes: express gives each
 * request and response those methods by changing its prototype (`Object.setPrototypeOf`), which V8 makes slow for
 * the object and for the code that touches it afterwards; made this way, the fast path needs none of that.
 */
function expressFlavoured(app: Express): http.ServerOptions {
  class ExpressRequest extends http.IncomingMessage {}
  Object.setPrototypeOf(ExpressRequest.prototype, app.request);
  class ExpressResponse<Incoming extends http.IncomingMessage> extends http.ServerResponse<Incoming> {}
  Object.setPrototypeOf(ExpressResponse.prototype, app.response);
  return { IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse };
}

/**
 * Apollo Server behind the JSON body, as `@as-integrations/express5`'s expressMiddleware does it, but answering
 * with `res.end` rather than express's `res.send` (content negotiation and freshness checks that a GraphQL
 * answer, already typed by Apollo Server, does not need).
 */
function graphqlHandler(
  apollo: ApolloServer<RequestContext>,
  context: (request: { req: Request }) => Promise<RequestContext>,
): RequestHandler {
  return async (req, res) => {
    if (!("body" in req)) {
      res.status(500);
      res.send(
        "`req.body` is not set; this probably means you forgot to set up the " +
          "`json` middleware before the Apollo Server middleware.",
      );
      return;
    }
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    // The query string, as url.parse would give it (without a fragment, which a client should not send anyway).
    const url = req.url.split("#", 1)[0]!;
    const queryAt = url.indexOf("?");
    let requestContext: RequestContext | undefined;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: queryAt === -1 ? "" : url.slice(queryAt),
        body: req.body as unknown,
      },
      context: async () => (requestContext = await context({ req })),
    });
    // The request is over: its timer goes now rather than at REQUEST_TIMEOUT_MS.
    requestContext?.deadline.release();
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** After the error handler: nothing is left to answer with (express's final handler would write HTML). */
const finalFallback = (res: Response) => () => {
  if (!res.headersSent) res.status(500).end();
};

/** Any other path: a JSON 404 rather than express's HTML page. */
const notFound: RequestHandler = (req, res) => {
  res
    .status(404)
    .json({ errors: [{ message: `Nothing at ${req.method} ${req.path}; GraphQL is at ${GRAPHQL_PATH}` }] });
};

/**
 * Failures before GraphQL runs (a body that is not JSON, or too large) answer in GraphQL's error shape, without
 * the stack trace express would print.
 */
function requestErrors(logger: Logger): ErrorRequestHandler {
  return (error: { status?: number; type?: string; message?: string }, req, res, _next) => {
    const status =
      typeof error.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500)
      logger.error("request failed before GraphQL", { requestId: requestIdOf(req), error: error.message });
    const message =
      error.type === "entity.parse.failed"
        ? "The request body is not valid JSON"
        : error.type === "entity.too.large"
          ? "The request body is larger than 1 MB"
          : status === 500
            ? "Internal server error"
            : (error.message ?? "Bad request");
    res.status(status).json({
      errors: [{ message, extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST" } }],
    });
  };
}
