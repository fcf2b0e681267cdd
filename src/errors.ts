import { GraphQLError } from "graphql";
import type { SourceName } from "./providers/registry.js";

/**
 * The closed vocabulary of `extensions.code` values this service emits. Frontends switch on these, so a new code
 * is a breaking change: map every provider condition onto one of them.
 */
export enum ErrorCode {
  /** No viewer, or the viewer's credential for a source is missing, invalid or expired. */
  UNAUTHENTICATED = "UNAUTHENTICATED",
  /** The viewer may not read this field (another user's viewer-only source, or the provider refused). */
  FORBIDDEN = "FORBIDDEN",
  /** The request itself is wrong (malformed id, too many ids, missing device headers). No upstream call is made. */
  BAD_USER_INPUT = "BAD_USER_INPUT",
  /** The source failed or answered something unusable; `extensions.retryable` says whether trying later may help. */
  SOURCE_UNAVAILABLE = "SOURCE_UNAVAILABLE",
  /** The source did not answer within its timeout. */
  SOURCE_TIMEOUT = "SOURCE_TIMEOUT",
  /** The source (or our own budget for it) refused the call for its rate limit. */
  SOURCE_RATE_LIMITED = "SOURCE_RATE_LIMITED",
  /** The source is switched off: not configured on this deployment, or the vendor disabled the account. */
  SOURCE_DISABLED = "SOURCE_DISABLED",
  /** A bug or an unexpected condition inside this service; details are only in the server log. */
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

export type { SourceName };

export interface SourceErrorOptions {
  code: ErrorCode;
  source: SourceName;
  /** The provider's own error code (numeric or textual), when it gave one. */
  providerCode?: string | number;
  /** Whether the same call may succeed later without any change on our side. */
  retryable?: boolean;
  /**
   * The vendor refused this service itself (its credentials, keys, client id, IP allow-list or account), not one
   * user or one request: an operator must fix the deployment. Not sent to clients; /readyz reports the source.
   */
  configuration?: boolean;
}

/**
 * A failure of one source for one field. It is a GraphQLError so that its `extensions` reach the client as they
 * are; its message is written by us and never quotes an upstream URL, credential or signature.
 */
export class SourceError extends GraphQLError {
  readonly code: ErrorCode;
  readonly configuration: boolean;

  constructor(message: string, options: SourceErrorOptions) {
    super(message, {
      extensions: {
        code: options.code,
        source: options.source,
        ...(options.providerCode === undefined ? {} : { providerCode: options.providerCode }),
        retryable: options.retryable ?? false,
      },
    });
    this.name = "SourceError";
    this.code = options.code;
    this.configuration = options.configuration ?? false;
  }
}

/** The error of a source field whose provider this deployment has not configured. */
export function sourceDisabled(source: { name: SourceName; label: string }): SourceError {
  return new SourceError(`${source.label} is not configured on this deployment`, {
    code: ErrorCode.SOURCE_DISABLED,
    source: source.name,
  });
}

/** A request the caller must change before it can succeed. Thrown before any upstream call. */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions } });
    this.name = "BadUserInputError";
  }
}

/** The caller is not signed in, or did not send the credential a viewer-only source needs. */
export class UnauthenticatedError extends GraphQLError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, ...extensions } });
    this.name = "UnauthenticatedError";
  }
}

/** The caller is signed in but may not read this. */
export class ForbiddenError extends GraphQLError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.FORBIDDEN, ...extensions } });
    this.name = "ForbiddenError";
  }
}
