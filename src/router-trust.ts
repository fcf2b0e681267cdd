import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { AppConfig } from "./config.js";
import { ErrorCode } from "./errors.js";
import type { Logger } from "./logger.js";
import { requestIdOf } from "./observability/request-scope.js";

/** The header with which the router asks a subgraph for an inline (ftv1) trace of a request. */
export const INLINE_TRACE_HEADER = "apollo-federation-include-trace";

export interface RouterTrustOptions {
  /** Called for each request refused for want of the shared secret (metrics). */
  onRefused?: () => void;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * Decides, before GraphQL runs, whether a request comes from the router. With ROUTER_SHARED_SECRET set, a request
 * whose secret header does not match is refused with 401 (so no upstream call can be made for it), and the header
 * is removed from the others (nothing downstream needs it, and it must not reach a log or a trace). Inline ftv1
 * traces, which reveal the service's timing and resolver structure, go only to trusted requests: with a secret,
 * those that sent it; without one, nobody in production and anyone in development.
 */
export function routerTrust(
  config: Pick<AppConfig, "router" | "production">,
  logger: Logger,
  options: RouterTrustOptions = {},
): RequestHandler {
  const { sharedSecret, secretHeader } = config.router;
  const expected = sharedSecret === null ? null : digest(sharedSecret);
  const tracesWithoutSecret = !config.production;
  return (req, res, next) => {
    if (expected) {
      const sent = req.headers[secretHeader];
      const value = Array.isArray(sent) ? sent[0] : sent;
      // Digests have the same length whatever was sent, so the comparison takes the same time.
      if (value === undefined || !timingSafeEqual(digest(value), expected)) {
        options.onRefused?.();
        logger.warn("refused a request without the router's shared secret", {
          requestId: requestIdOf(req),
          header: secretHeader,
          sent: value !== undefined,
        });
        res.status(401).json({
          errors: [
            {
              message: "This subgraph answers its router only",
              extensions: { code: ErrorCode.UNAUTHENTICATED },
            },
          ],
        });
        return;
      }
      delete req.headers[secretHeader];
    } else if (!tracesWithoutSecret) {
      delete req.headers[INLINE_TRACE_HEADER];
    }
    next();
  };
}
