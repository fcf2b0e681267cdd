import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** What every log line of one request carries. */
export interface RequestScope {
  requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `work` (and everything it starts) within the request's scope. */
export const runInRequestScope = <Result>(request: RequestScope, work: () => Result): Result =>
  scope.run(request, work);

/** The id of the request being served, if any (log lines outside a request have none). */
export const currentRequestId = (): string | undefined => scope.getStore()?.requestId;

/** An id a caller (or the router) sent that is safe to echo and log: short, and no header or log tricks. */
const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

/** The request's id: the incoming one when it is acceptable, a new UUID otherwise. */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  const id = Array.isArray(incoming) ? incoming[0] : incoming;
  return id !== undefined && ACCEPTABLE_ID.test(id) ? id : randomUUID();
}
