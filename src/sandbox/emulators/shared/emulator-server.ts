import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express, { type Express, type RequestHandler } from "express";
import { sleep } from "../../../domain/clock.js";
import { EmulatorStats } from "./stats.js";

/** Switches shared by every emulator; each emulator adds its own. */
export interface BaseFaults {
  /** Added before every answer, in milliseconds. */
  latencyMs: number;
}

/**
 * The frame every emulator is built on: an express app with `GET /__stats`, `POST /__reset` and
 * `POST /__faults` (a JSON object merged into the fault switches), latency injection, and listen/close on any
 * port (0 picks a free one, for tests).
 */
export abstract class EmulatorServer<Faults extends BaseFaults> {
  readonly app: Express;
  readonly stats = new EmulatorStats();
  private server: Server | undefined;

  protected constructor(readonly faults: Faults) {
    this.app = express();
    this.app.disable("x-powered-by");
    this.app.get("/__stats", (_req, res) => {
      res.json(this.stats.snapshot());
    });
    this.app.post("/__reset", (_req, res) => {
      this.reset();
      res.json({ ok: true });
    });
    this.app.post("/__faults", express.json(), (req, res) => {
      Object.assign(this.faults, req.body as Partial<Faults>);
      res.json(this.faults);
    });
    this.app.use(this.countCalls(), this.latency());
  }

  /** Clears the stats and the latency switch; emulators with more state extend it. */
  reset(): void {
    this.stats.reset();
    this.faults.latencyMs = 0;
  }

  /** Every vendor endpoint counts its calls and how many are in flight, from arrival to the last byte sent. */
  private countCalls(): RequestHandler {
    return (req, res, next) => {
      const done = this.stats.begin(req.path);
      res.on("finish", done);
      res.on("close", done);
      next();
    };
  }

  private latency(): RequestHandler {
    return (_req, _res, next) => {
      if (this.faults.latencyMs > 0) void sleep(this.faults.latencyMs).then(() => next());
      else next();
    };
  }

  /** Starts listening on 127.0.0.1 and returns the base URL. */
  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    const server = this.app.listen(port, host);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    const address = server.address() as AddressInfo;
    return `http://${host}:${address.port}`;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error("The emulator is not listening: call listen() first");
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
