import cors from "cors";
import type { RequestHandler } from "express";
import type { AppConfig } from "./config.js";
import { SOURCES } from "./providers/registry.js";

/** Headers any GraphQL client may send: the body's type, Apollo's CSRF and client-awareness headers, an id. */
const CLIENT_HEADERS = [
  "content-type",
  "apollo-require-preflight",
  "x-apollo-operation-name",
  "apollographql-client-name",
  "apollographql-client-version",
  "x-request-id",
];

/**
 * Which browser origins may call the service, and with which headers. Outside production with no CORS_ORIGINS,
 * any origin and any header (Apollo Sandbox and a frontend on another port just work). Otherwise only the listed
 * origins, and only the headers a client sends: its GraphQL headers and the viewer-only sources' credentials. The
 * viewer id header and the router's secret are never among them in production: only the router sets those.
 */
export function corsPolicy(
  config: Pick<AppConfig, "corsOrigins" | "production" | "viewerIdHeader">,
): RequestHandler {
  if (config.corsOrigins === "any" && !config.production)
    return cors({ exposedHeaders: ["x-request-id"], maxAge: 600 });
  const sourceHeaders = SOURCES.flatMap((source) =>
    source.access.kind === "viewer" ? source.access.headers : [],
  );
  const allowedHeaders = [
    ...CLIENT_HEADERS,
    ...sourceHeaders,
    ...(config.production ? [] : [config.viewerIdHeader]),
  ];
  return cors({
    origin: config.corsOrigins === "any" ? "*" : config.corsOrigins,
    methods: ["GET", "POST"],
    allowedHeaders,
    exposedHeaders: ["x-request-id"],
    maxAge: 600,
  });
}
