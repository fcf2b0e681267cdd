import type { IncomingHttpHeaders } from "node:http";
import type DataLoader from "dataloader";
import type { VariablesClass } from "../config/variables.js";
import type { FleetStore } from "../fleet/redis.js";
import type { Logger } from "../logger.js";
import type { SourceMetrics } from "../observability/metrics.js";
import type { ProfileFieldName } from "../profile/fields.js";
import type { ViewerCredential } from "../viewer.js";
import type { Clock } from "./clock.js";

/**
 * Everything the rest of the service knows about one upstream source. Each provider folder exports one
 * (`source.ts`) and `src/providers/registry.ts` lists them: configuration, the process-wide clients, the
 * per-request loaders, the merged profile and the error vocabulary all iterate that list, so a per-source concern
 * is written once and a new source is one folder and one line.
 */
export interface SourceDescriptor<
  Name extends string = string,
  Config = unknown,
  Client = unknown,
  Record = unknown,
  Options = unknown,
  Emulator = unknown,
> {
  /** The `User` field, `extensions.source` of its errors, and its name in PROFILE_PRECEDENCE. */
  readonly name: Name;
  /** How messages name it ("Tencent IM"). */
  readonly label: string;
  readonly settings: SourceSettings<Config, Emulator>;
  /**
   * The long-lived client of the process: HTTP agent, cached credentials, limits. `options` are test overrides
   * of the client's constructor options (a stub credential cache, shorter back-off).
   */
  createClient(config: Config, deps: SourceDependencies, options?: Partial<Options>): Client;
  readonly access: ServerCredentialAccess<Client, Record> | ViewerCredentialAccess<Client, Record>;
  /** What the source can give each merged profile field; values are normalised by the merge. */
  readonly profile: ProfileExtractors<Record>;
}

/** What the process gives every client it builds. */
export interface SourceDependencies {
  logger: Logger;
  clock: Clock;
  /** The replica's Redis connection when REDIS_URL is set: what the fleet shares goes there. */
  fleet: FleetStore | null;
  /** Entries of each source's in-memory answer cache (without Redis). */
  cacheMaxEntries: number;
  /**
   * The source's metrics. Its HTTP calls are recorded by the shared HTTP layer; a rate budget, queue, breaker or
   * cache the client builds reports through this (batch sizes, budget waits, queue depth, breaker state, hits).
   */
  metrics: SourceMetrics;
}

/** A source the service calls with its own credentials: any user, batched or cached per request. */
export interface ServerCredentialAccess<Client, Record> {
  kind: "server";
  /** One per request: the request's cache of this source's answers by user id (null: unknown user). */
  createLoader(client: Client, request: LoaderRequest): DataLoader<string, Record | null>;
}

/** What a per-request loader may know of its request. */
export interface LoaderRequest {
  /**
   * Aborted once the request's time (REQUEST_TIMEOUT_MS) is up, when it has one: work still queued for the request
   * is then not worth starting.
   */
  signal: AbortSignal | undefined;
}

/** A source called with the signed-in user's own credential from the request's headers: the viewer only. */
export interface ViewerCredentialAccess<Client, Record> {
  kind: "viewer";
  /** The request headers it reads: a browser calling the service directly may send them (CORS). */
  headers: readonly string[];
  /** Decides once per request, from its headers, what the source can do for the viewer. */
  readCredential(client: Client, headers: IncomingHttpHeaders): ViewerCredential<Record | null>;
}

export type ProfileExtractors<Record> = Partial<{ [Field in ProfileFieldName]: (record: Record) => unknown }>;

/** How a source's configuration comes from the environment. */
export interface SourceSettings<Config, Emulator> {
  /** A class-validator class with one property per variable the source reads, named like the variable. */
  readonly variables: VariablesClass<object>;
  /** Variables whose presence means "talk to the real vendor" (they turn sandbox mode off). */
  readonly credentialVariables: readonly string[];
  /** The variable that moves the source's emulator in sandbox mode, and its default port. */
  readonly emulatorPort: { variable: string; default: number };
  /** The vendor's config, or null when the deployment has no credentials for the source. */
  fromEnvironment(variables: object, problems: string[]): Config | null;
  /**
   * The config that points at the source's emulator, and what the emulator needs to check what it sends. A
   * source without an emulator leaves it out and is not configured in sandbox mode.
   */
  forSandbox?(variables: object, emulatorUrl: string): { config: Config; emulator: Emulator };
}

/** Types a descriptor without widening its name (so that the registry's union of names stays exact). */
export const defineSource = <Name extends string, Config, Client, Record, Options, Emulator>(
  descriptor: SourceDescriptor<Name, Config, Client, Record, Options, Emulator>,
) => descriptor;

/**
 * Types a settings module against its own variables class: inside, `variables` is that class; outside, the
 * service passes the object it read with that same class.
 */
export const defineSettings = <Variables extends object, Config, Emulator>(settings: {
  variables: VariablesClass<Variables>;
  credentialVariables: readonly (keyof Variables & string)[];
  emulatorPort: { variable: keyof Variables & string; default: number };
  fromEnvironment(variables: Variables, problems: string[]): Config | null;
  forSandbox?(variables: Variables, emulatorUrl: string): { config: Config; emulator: Emulator };
}): SourceSettings<Config, Emulator> => settings as SourceSettings<Config, Emulator>;
