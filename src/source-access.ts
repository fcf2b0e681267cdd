import type { IncomingHttpHeaders } from "node:http";
import type DataLoader from "dataloader";
import type { SourceDescriptor } from "./domain/source.js";
import { BadUserInputError, ForbiddenError, UnauthenticatedError, sourceDisabled } from "./errors.js";
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

/** Builds one request's access to every source: fresh per-request caches over the process's clients. */
export function createRequestSources(
  clients: SourceClients,
  headers: IncomingHttpHeaders,
  viewer: ViewerIdentity,
): RequestSources {
  const entries = (SOURCES as readonly AnyDescriptor[]).map((source) => {
    const client = clients[source.name];
    const { access } = source;
    if (access.kind === "server") return [source.name, serverAccess(source, client, access.createLoader)];
    const readCredential = () =>
      client ? access.readCredential(client, headers) : ({ status: "disabled" } as const);
    return [source.name, viewerAccess(source, viewer, readCredential)];
  });
  return Object.fromEntries(entries) as RequestSources;
}

function serverAccess<Client, Record>(
  source: AnyDescriptor,
  client: Client | null,
  createLoader: (client: Client) => DataLoader<string, Record | null>,
): SourceAccess<Record> {
  let loader: DataLoader<string, Record | null> | undefined;
  const load = (userId: string) => (loader ??= createLoader(client!)).load(userId);
  return {
    load: async (userId) => {
      if (!client) throw sourceDisabled(source);
      return load(userId);
    },
    loadForProfile: async (userId) => (client ? load(userId) : null),
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
): SourceAccess<Record> {
  let credential: ViewerCredential<Record | null> | undefined;
  const current = () => (credential ??= readCredential());
  const isViewer = (userId: string) => identity.status === "signed-in" && identity.viewer.id === userId;
  const extensions = { source: source.name };
  return {
    async load(userId) {
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
    },
    async loadForProfile(userId) {
      const usable = current();
      const takesPart = isViewer(userId) && usable.status !== "disabled" && usable.status !== "missing";
      return takesPart ? this.load(userId) : null;
    },
  };
}
