import type { SourceConfigs } from "../config.js";
import type { SourceDependencies } from "../domain/source.js";
import { noSourceMetrics, type ServiceMetrics } from "../observability/metrics.js";
import { buildingClientOf, type UpstreamLimits } from "./http.js";
import { SOURCES, type ClientOf, type ClientOptionsOf, type SourceName } from "./registry.js";

/** One long-lived client per configured source (null when the deployment has not configured it). */
export type SourceClients = { [Name in SourceName]: ClientOf<Name> | null };

/** Test overrides of a client's constructor options, per source. */
export type SourceClientOptions = { [Name in SourceName]?: Partial<ClientOptionsOf<Name>> };

/** What the process gives every client: each gets its own view of the metrics. */
export interface ClientDependencies extends Omit<SourceDependencies, "metrics"> {
  metrics?: ServiceMetrics;
  /** Body size and breaker limits of every upstream call. */
  upstream?: UpstreamLimits;
}

/**
 * Builds the clients once at start-up: their HTTP agents, credential caches (UserSig, Quectel token) and rate or
 * concurrency limits are shared by every request. Each is built with its source's metrics, and every HTTP
 * instance it creates reports that source's calls (see `buildingClientOf`).
 */
export function createSourceClients(
  configs: SourceConfigs,
  { metrics, upstream, ...deps }: ClientDependencies,
  options: SourceClientOptions = {},
): SourceClients {
  const clients = SOURCES.map((source) => {
    const config = configs[source.name];
    if (!config) return [source.name, null];
    // Each descriptor's own types line up by name; the union of descriptors does not see that.
    const create = source.createClient as (
      config: unknown,
      deps: SourceDependencies,
      options?: unknown,
    ) => unknown;
    const sourceMetrics = metrics?.source(source.name) ?? noSourceMetrics;
    const client = buildingClientOf({ source: source.name, metrics: sourceMetrics, limits: upstream }, () =>
      create(config, { ...deps, metrics: sourceMetrics }, options[source.name]),
    );
    return [source.name, client];
  });
  return Object.fromEntries(clients) as SourceClients;
}
