import type { IncomingHttpHeaders } from "node:http";
import type DataLoader from "dataloader";
import { GraphQLError } from "graphql";
import type { LoaderRequest, SourceDescriptor } from "./domain/source.js";
import {
  BadUserInputError,
  ErrorCode,
  SourceError,
  ForbiddenError,
  UnauthenticatedError,
  sourceDisabled,
} from "./errors.js";
import type { SourceResult } from "./observability/metrics.js";
import type { SourceClients } from "./providers/clients.js";
import { SOURCES, type RecordOf, type SourceName } from "./providers/registry.js";
import type { ViewerCredential, ViewerIdentity } from "./viewer.js";

/** What one request can ask of one source. */
export interface SourceAccess<Record> {
  /**
   * The source's own field on the User `userId`: its record, null when the source does not know the user, or
   * the field's error (not configured, not the viewer's own User, credential missing, upstream failure).
   */
  load(userId: string): Promise<Record | null>;
  /**
   * The same record for the merged profile, where a source that cannot take part is absent rather than failed:
   * null for a source the deployment has not configured, and for a viewer-only source on another user's User or
   * without the viewer's credential.
   */
  loadForProfile(userId: string): Promise<Record | null>;
}

/** Every source, for one request. Loaders are made on first use, so a request pays only for what it selects. */
export type RequestSources = { [Name in SourceName]: SourceAccess<RecordOf<Name>> };

type AnyDescriptor = SourceDescriptor<SourceName, unknown, unknown, unknown>;

/**
 * Told of every answer a source gives the graph (a field, or a profile lookup that asked it): `OK`, `NOT_FOUND`
 * or the error's code, with the error (metrics count them; readiness looks for refused credentials).
 */
export type SourceResultObserver = (source: SourceName, result: SourceResult, error?: unknown) => void;

/**
 * Builds one request's access to every source: fresh per-request caches over the process's clients. Each source's
 * access is made when a resolver first asks for it, so a request pays only for the sources it selects.
 */
export function createRequestSources(
  clients: SourceClients,
  headers: IncomingHttpHeaders,
  viewer: ViewerIdentity,
  observe: SourceResultObserver = () => {},
  deadline: RequestDeadline = new RequestDeadline(Infinity),
): RequestSources {
  return new LazySources((source) => {
    const client = clients[source.name];
    const { access } = source;
    const observed = observing(source, observe, deadline);
    if (access.kind === "server") {
      return serverAccess(source, client, access.createLoader, observed, deadline);
    }
    const readCredential = () =>
      client ? access.readCredential(client, headers) : ({ status: "disabled" } as const);
    return viewerAccess(source, viewer, readCredential, observed);
  }) as unknown as RequestSources;
}

/** One request's sources: a property per source (see below), its access made on first read and kept. */
class LazySources {
  readonly made: Partial<Record<SourceName, SourceAccess<unknown>>> = {};
  constructor(readonly make: (source: AnyDescriptor) => SourceAccess<unknown>) {}
}
// The properties are getters on the prototype, defined once: a request allocates no closure for a source it does
// not ask.
for (const source of SOURCES as readonly AnyDescriptor[]) {
  Object.defineProperty(LazySources.prototype, source.name, {
    enumerable: true,
    get(this: LazySources) {
      return (this.made[source.name] ??= this.make(source));
    },
  });
}

type Observed = <Value>(answer: () => Promise<Value>) => Promise<Value>;

/**
 * The request's own deadline (REQUEST_TIMEOUT_MS): an answer not there by then is the field's SOURCE_TIMEOUT, so
 * no queue, wait or retry behind it can hold the request longer. One timer per request, made on first use.
 */
export class RequestDeadline implements LoaderRequest {
  private expired: Promise<void> | undefined;
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  /** Aborted when the request's time is up (undefined without a timeout): queued work for it is then skipped. */
  get signal(): AbortSignal | undefined {
    if (this.timeoutMs === Infinity) return undefined;
    this.start();
    return this.controller!.signal;
  }

  race<Value>(source: { name: SourceName; label: string }, work: Promise<Value>): Promise<Value> {
    if (this.timeoutMs === Infinity) return work;
    const timedOut = this.start().then((): never => {
      throw new SourceError(`${source.label} did not answer within the request's time (REQUEST_TIMEOUT_MS)`, {
        code: ErrorCode.SOURCE_TIMEOUT,
        source: source.name,
        retryable: true,
      });
    });
    return Promise.race([work, timedOut]);
  }

  /**
   * Clears the timer once the request has answered: otherwise it, its controller and its promise would stay in
   * memory until the timeout, for every request of the last REQUEST_TIMEOUT_MS.
   */
  release(): void {
    clearTimeout(this.timer);
  }

  /** Starts the request's one timer, on first use (a request that asks no source pays for none). */
  private start(): Promise<void> {
    if (this.expired) return this.expired;
    const controller = (this.controller = new AbortController());
    this.expired = new Promise((resolve) => {
      this.timer = setTimeout(() => {
        controller.abort();
        resolve();
      }, this.timeoutMs).unref();
    });
    return this.expired;
  }
}

/** Runs one answer of the source and reports how it ended, passing the answer (or the error) through. */
function observing(
  source: AnyDescriptor,
  observe: SourceResultObserver,
  deadline: RequestDeadline,
): Observed {
  return async (answer) => {
    try {
      const value = await deadline.race(source, answer());
      observe(source.name, value === null ? "NOT_FOUND" : "OK");
      return value;
    } catch (error) {
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      observe(source.name, typeof code === "string" ? code : ErrorCode.INTERNAL_SERVER_ERROR, error);
      throw error;
    }
  };
}

function serverAccess<Client, Record>(
  source: AnyDescriptor,
  client: Client | null,
  createLoader: (client: Client, request: LoaderRequest) => DataLoader<string, Record | null>,
  observed: Observed,
  deadline: RequestDeadline,
): SourceAccess<Record> {
  let loader: DataLoader<string, Record | null> | undefined;
  // The deadline is the loader's view of the request: its signal is made when a loader first reads it (most never
  // do: Tencent IM's queue has its own bound).
  const load = (userId: string) => observed(() => (loader ??= createLoader(client!, deadline)).load(userId));
  // Plain functions handing the promise on: an async wrapper would add a promise and three ticks to every field.
  return {
    load: (userId) =>
      client
        ? load(userId)
        : observed(async () => {
            throw sourceDisabled(source);
          }),
    loadForProfile: (userId) => (client ? load(userId) : Promise.resolve(null)),
  };
}

/**
 * A viewer-only source: the source must be configured, the caller signed in, the User the caller's own, and the
 * caller's credential present and usable. Each failure is this field's error alone.
 */
function viewerAccess<Record>(
  source: AnyDescriptor,
  identity: ViewerIdentity,
  readCredential: () => ViewerCredential<Record | null>,
  observed: Observed,
): SourceAccess<Record> {
  let credential: ViewerCredential<Record | null> | undefined;
  const current = () => (credential ??= readCredential());
  const isViewer = (userId: string) => identity.status === "signed-in" && identity.viewer.id === userId;
  const extensions = { source: source.name };
  const load = async (userId: string) => {
    const usable = current();
    if (usable.status === "disabled") throw sourceDisabled(source);
    if (identity.status !== "signed-in") {
      throw new UnauthenticatedError(
        `${source.label} data is only for the signed-in user, and no one is signed in`,
        extensions,
      );
    }
    if (!isViewer(userId)) {
      throw new ForbiddenError(
        `${source.label} data is only available on the signed-in user's own User`,
        extensions,
      );
    }
    if (usable.status === "missing") {
      throw new UnauthenticatedError(
        `${source.label} needs the signed-in user's credential in ${usable.header}`,
        {
          ...extensions,
          header: usable.header,
        },
      );
    }
    if (usable.status === "invalid") {
      throw new BadUserInputError(usable.message, { ...extensions, ...usable.extensions });
    }
    return usable.load();
  };
  return {
    load: (userId) => observed(() => load(userId)),
    async loadForProfile(userId) {
      const usable = current();
      const takesPart = isViewer(userId) && usable.status !== "disabled" && usable.status !== "missing";
      return takesPart ? this.load(userId) : null;
    },
  };
}
