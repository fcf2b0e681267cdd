import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * The request's id travels with the request itself, not in an AsyncLocalStorage: on Node 20 one enabled
 * AsyncLocalStorage puts a hook on every promise the process creates, which cost about a sixth of the CPU of a
 * small GraphQL request. Log lines about a request (its errors, a refusal, a body that could not be read) carry
 * the id explicitly; lines about upstream calls do not, since one call can serve many requests (IM batches, the
 * shared Quectel token, the viewer's shared calls).
 */
const REQUEST_ID = Symbol("request id");

type WithRequestId = IncomingMessage & { [REQUEST_ID]?: string };

/** An id a caller (or the router) sent that is safe to echo and log: short, and no header or log tricks. */
const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

/** The request's id: the incoming one when it is acceptable, a new UUID otherwise. */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  const id = Array.isArray(incoming) ? incoming[0] : incoming;
  return id !== undefined && ACCEPTABLE_ID.test(id) ? id : randomUUID();
}

/** Gives the request its id (see requestIdFrom), once; returns it. */
export function assignRequestId(req: IncomingMessage, incoming: string | string[] | undefined): string {
  const request = req as WithRequestId;
  return (request[REQUEST_ID] ??= requestIdFrom(incoming));
}

/** The id the request was given, if it went through assignRequestId. */
export const requestIdOf = (req: IncomingMessage): string | undefined => (req as WithRequestId)[REQUEST_ID];
