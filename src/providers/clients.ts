import type { SourceConfigs } from "../config.js";
import type { SourceDependencies } from "../domain/source.js";
import { SOURCES, type ClientOf, type ClientOptionsOf, type SourceName } from "./registry.js";

/** One long-lived client per configured source (null when the deployment has not configured it). */
export type SourceClients = { [Name in SourceName]: ClientOf<Name> | null };

/** Test overrides of a client's constructor options, per source. */
export type SourceClientOptions = { [Name in SourceName]?: Partial<ClientOptionsOf<Name>> };

/**
 * Builds the clients once at start-up: their HTTP agents, credential caches (UserSig, Quectel token) and rate or
 * concurrency limits are shared by every request.
 */
export function createSourceClients(
  configs: SourceConfigs,
  deps: SourceDependencies,
  options: SourceClientOptions = {},
): SourceClients {
  const clients = SOURCES.map((source) => {
    const config = configs[source.name];
    // Each descriptor's own types line up by name; the union of descriptors does not see that.
    const create = source.createClient as (
      config: unknown,
      deps: SourceDependencies,
      options?: unknown,
    ) => unknown;
    return [source.name, config ? create(config, deps, options[source.name]) : null];
  });
  return Object.fromEntries(clients) as SourceClients;
}
