import { createClient } from "redis";
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

  /** Called by users of the connection when a command failed: logged once until Redis is back. */
  markLost(error: Error): void {
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

/** A key in the service's namespace, with or without a Redis connection (the in-memory cache uses the same). */
export const fleetKey = (...parts: (string | number)[]): string => [KEY_PREFIX, ...parts].join(":");
