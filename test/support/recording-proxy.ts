import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path and query string, as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A plain HTTP forwarder that keeps every request it passes on: put between the service and an emulator, it shows
 * exactly what went over the wire (the UserSig in a query string, a signature header, a token in a body).
 */
export class RecordingProxy {
  readonly requests: RecordedRequest[] = [];
  /** Where requests are forwarded (set once the emulator listens). */
  target = "";
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      this.requests.push({
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers,
        body: body.toString(),
      });
      const upstream = http.request(
        `${this.target}${req.url ?? "/"}`,
        { method: req.method, headers: { ...req.headers, host: new URL(this.target).host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
