// A TCP proxy in front of the test PostgreSQL, for faults the machine's database must not suffer:
// a database that refuses connections, one that accepts and never answers, and a start line
// that holds the first connections of several servers so they reach the database together.
import assert from "node:assert/strict";
import { connect, createServer, type Server, type Socket } from "node:net";
import { after } from "node:test";
import { POSTGRES_URL } from "./databases.js";

const proxies: TcpProxy[] = [];
after(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
});

export class TcpProxy {
  /** The port this proxy listens on, the same after refuse() and accept(). */
  readonly port: number;
  private server: Server | null;
  private hanging = false;
  private readonly sockets = new Set<Socket>();
  private readonly pipes = new Set<{ client: Socket; upstream: Socket }>();
  private held: Array<() => void> = [];
  private holdUntil = 0;

  private constructor(
    server: Server,
    private readonly target: { host: string; port: number },
  ) {
    this.server = server;
    const address = server.address();
    assert.ok(address && typeof address === "object");
    this.port = address.port;
  }

  /** A proxy on a free port of 127.0.0.1 in front of `target` (the test PostgreSQL). */
  static async start(target = postgresAddress()): Promise<TcpProxy> {
    const server = createServer();
    await listen(server, 0);
    const proxy = new TcpProxy(server, target);
    server.on("connection", (socket) => proxy.onConnection(socket));
    proxies.push(proxy);
    return proxy;
  }

  /** `url` (a postgres:// URL of the test database) through this proxy. */
  url(url: string): string {
    const through = new URL(url);
    through.host = `127.0.0.1:${this.port}`;
    return through.toString();
  }

  /**
   * Holds every new connection until `count` of them are waiting, then lets them all through at
   * once; later connections pass straight away.
   */
  holdFirst(count: number): void {
    this.holdUntil = count;
  }

  /** Connections open through the proxy right now. */
  get connections(): number {
    return this.sockets.size;
  }

  /**
   * Like a database behind a dead network: connections, open and new, stay up and nothing
   * comes back (what the client sends is dropped).
   */
  hang(): void {
    this.hanging = true;
    for (const { client, upstream } of this.pipes) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.resume();
      upstream.resume();
    }
  }

  /** New connections are forwarded again (hung ones stay hung). */
  forward(): void {
    this.hanging = false;
  }

  /** Like a database that went away: stops listening and cuts every open connection. */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async accept(): Promise<void> {
    if (this.server) return;
    const server = createServer();
    server.on("connection", (socket) => this.onConnection(socket));
    await listen(server, this.port);
    this.server = server;
  }

  async close(): Promise<void> {
    this.held = [];
    await this.refuse();
  }

  private onConnection(client: Socket): void {
    this.track(client);
    if (this.hanging) {
      client.resume();
      return;
    }
    const open = () => {
      if (client.destroyed) return;
      const upstream = connect(this.target.port, this.target.host);
      this.track(upstream);
      const pipe = { client, upstream };
      this.pipes.add(pipe);
      upstream.on("close", () => client.destroy());
      client.on("close", () => {
        upstream.destroy();
        this.pipes.delete(pipe);
      });
      client.pipe(upstream).pipe(client);
    };
    if (this.holdUntil === 0) {
      open();
      return;
    }
    client.pause();
    this.held.push(open);
    if (this.held.length >= this.holdUntil) {
      this.holdUntil = 0;
      const release = this.held;
      this.held = [];
      for (const start of release) start();
    }
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => this.sockets.delete(socket));
  }
}

function postgresAddress(): { host: string; port: number } {
  const url = new URL(POSTGRES_URL);
  return { host: url.hostname, port: Number(url.port || 5432) };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}
