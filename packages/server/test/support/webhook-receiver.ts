// A real HTTP receiver on 127.0.0.1 for webhook tests: records every request (headers and raw
// body) and answers what the test says, request by request.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after } from "node:test";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** How to answer the n-th request (0-based): a status, or a function that writes the answer. */
export type Answer = number | ((response: ServerResponse) => void);

export interface Receiver {
  url: string;
  received: Received[];
  /** Answers of the next requests, in order; then `fallback`. */
  answers: Answer[];
  fallback: Answer;
  /** TCP connections the receiver has accepted. */
  connections: number;
  /** Resolves once `count` requests in all have arrived. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(path = "/hooks"): Promise<Receiver> {
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const receiver: Receiver = {
    url: "",
    received: [],
    connections: 0,
    answers: [],
    fallback: 200,
    waitFor(count) {
      if (receiver.received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ count, resolve }));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      receiver.received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const answer = receiver.answers.shift() ?? receiver.fallback;
      if (typeof answer === "number") response.writeHead(answer).end("ok");
      else answer(response);
      for (const waiter of [...waiting]) {
        if (receiver.received.length >= waiter.count) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
  });
  server.on("connection", () => {
    receiver.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  after(() => receiver.close());
  return receiver;
}
