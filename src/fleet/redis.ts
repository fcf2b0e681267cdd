import { createClient, ErrorReply } from "redis";
import type { Logger } from "../logger.js";

export type RedisClient = ReturnType<typeof createClient>;

/** Every key this service writes starts so (see FleetStore.key). */
export const KEY_PREFIX = "profile-subgraph";

/**
 * The one Redis connection of a replica, shared by everything the fleet shares (the IM call budget, the Quectel
 * token, the answer cache). Commands never queue while Redis is away: they fail at once, and each user of the
 * connection falls back to its local behaviour, so Redis trouble never fails a request. The connection keeps
 * trying to come back by itself; losing it and getting it back are each logged once.
 */
export class FleetStore {
  readonly client: RedisClient;
  private lost = false;
  private stopping = false;
  /** The kinds of refusal already logged (by message; at most REFUSALS_LOGGED kinds). */
  private readonly refusals = new Set<string>();

  constructor(
    url: string,
    private readonly logger: Logger,
  ) {
    this.client = createClient({
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2000,
        // Back again within a second of Redis coming back, without hammering it while it is away.
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000),
      },
    });
    this.client.on("ready", () => {
      if (this.lost) this.logger.info("redis is back: shared budget, token and cache resume", {});
      this.lost = false;
    });
    this.client.on("error", (error: Error) => this.markLost(error));
    this.client.on("end", () => this.markLost(new Error("connection closed")));
  }

  /** Starts connecting without waiting: a replica starts whether or not Redis answers. */
  start(): void {
    this.client.connect().catch((error: unknown) => this.markLost(error as Error));
  }

  /** Whether shared commands can be sent now. */
  get ready(): boolean {
    return this.client.isReady;
  }

  /**
   * A key in the service's namespace: `profile-subgraph:part:part…`. Callers put the app or tenant in the parts, so
   * that deployments sharing a Redis never read each other's entries.
   */
  key(...parts: (string | number)[]): string {
    return fleetKey(...parts);
  }

  /**
   * Called by users of the connection when a command failed. Redis refusing it (an error reply: out of memory, a
   * key of another type) leaves the connection up and in use: each kind of refusal is logged once. Anything else
   * means Redis is away: logged once until it is back.
   */
  commandFailed(error: unknown): void {
    if (error instanceof ErrorReply) {
      if (this.stopping || this.refusals.has(error.message) || this.refusals.size >= REFUSALS_LOGGED) return;
      this.refusals.add(error.message);
      this.logger.warn("redis refused a command: this replica uses its local budget, token or cache for it", {
        error: error.message,
      });
      return;
    }
    this.markLost(error instanceof Error ? error : new Error(String(error)));
  }

  private markLost(error: Error): void {
    if (this.lost || this.stopping) return;
    this.lost = true;
    this.logger.warn(
      "redis is unreachable: each replica falls back to its local budget, token and no cache",
      {
        error: error.message,
      },
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.client.isOpen) this.client.destroy();
  }
}

/** An entry's value, or undefined for text that is not JSON: nothing this service wrote. */
export function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Kinds of refusal logged by one replica: enough for every error Redis has, never an unbounded set. */
const REFUSALS_LOGGED = 32;

/** A key in the service's namespace, with or without a Redis connection (the in-memory cache uses the same). */
export const fleetKey = (...parts: (string | number)[]): string => [KEY_PREFIX, ...parts].join(":");
