// What reaches the server over a real socket before any route runs: malformed and oversized
// requests, URLs the router refuses, and clients that send too slowly. Every answer is the
// standard error body, none carries the request's own bytes, and slow senders are cut off.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { before, test } from "node:test";
import { useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

// Short, so the slow senders below are cut off quickly (the defaults are 30 s).
const TIMEOUTS = { headersMs: 400, requestMs: 800 };
/** Far past the timeouts: a client still connected then was not cut off. */
const CUT_OFF_DEADLINE_MS = 10_000;
/** Put in every bad request: no answer may contain it. */
const MARKER = "EchoMarker7f3a";

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field
  body: any;
  text: string;
}

/**
 * Sends `chunks` (each after `gapMs`) on a fresh connection and reads until the server closes
 * it or `CUT_OFF_DEADLINE_MS` passes; resolves with the first response on the connection.
 */
function exchange(port: number, chunks: Array<string | Buffer>, gapMs = 0): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${CUT_OFF_DEADLINE_MS} ms`));
    }, CUT_OFF_DEADLINE_MS);
    const sendNext = (index: number) => {
      if (index >= chunks.length || socket.destroyed) return;
      socket.write(chunks[index]!, () => {
        timer = setTimeout(() => sendNext(index + 1), gapMs);
      });
    };
    socket.on("connect", () => sendNext(0));
    socket.on("data", (chunk) => received.push(chunk));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(deadline);
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(received).toString("latin1")));
      } catch (error) {
        reject(error);
      }
    });
  });
}

function parseResponse(raw: string): RawResponse {
  const split = raw.indexOf("\r\n\r\n");
  assert.ok(split > 0, `no HTTP response: ${JSON.stringify(raw.slice(0, 200))}`);
  const [statusLine, ...lines] = raw.slice(0, split).split("\r\n");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine!)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"]);
  const text = raw.slice(split + 4, split + 4 + length);
  assert.equal(Buffer.byteLength(text, "latin1"), length, "truncated body");
  return { status, headers, text, body: JSON.parse(text) };
}

/** The standard error body with `code`, and nothing of the request in it. */
function assertErrorBody(response: RawResponse, status: number, code: string, label: string) {
  assert.equal(response.status, status, `${label}: ${response.text}`);
  assert.match(response.headers["content-type"] ?? "", /^application\/json/, label);
  assert.deepEqual(Object.keys(response.body), ["error"], label);
  assert.deepEqual(Object.keys(response.body.error).sort(), ["code", "message", "requestId"]);
  assert.equal(response.body.error.code, code, label);
  assert.match(response.body.error.requestId, /^req_[0-9a-f]{32}$/, label);
  assert.ok(response.body.error.message.length > 0, label);
  assert.ok(!response.text.includes(MARKER), `${label} echoes the request: ${response.text}`);
}

function get(path: string, headers = ""): string {
  return `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`;
}

forEachDatabase("HTTP protocol errors and slow senders", (db) => {
  const t = useTestApp(db, { timeouts: TIMEOUTS });
  let port: number;
  before(async () => {
    await t().app.listen({ host: "127.0.0.1", port: 0 });
    const address = t().app.server.address();
    assert.ok(address && typeof address === "object");
    port = address.port;
  });

  test("a path segment over 100 characters: 414 URL_TOO_LONG, the URL not echoed", async () => {
    const response = await exchange(port, [get(`/v1/products/${MARKER.repeat(20)}`)]);
    assertErrorBody(response, 414, "URL_TOO_LONG", "long id");
  });

  test("a URL or a header over Node's 16 KB: 431 HEADERS_TOO_LARGE", async () => {
    const longUrl = await exchange(port, [get(`/v1/products?q=${MARKER.repeat(1500)}`)]);
    assertErrorBody(longUrl, 431, "HEADERS_TOO_LARGE", "long URL");
    const longHeader = await exchange(port, [
      get("/v1/health", `X-Big: ${MARKER.repeat(1500)}\r\n`),
    ]);
    assertErrorBody(longHeader, 431, "HEADERS_TOO_LARGE", "long header");
  });

  test("malformed HTTP: 400 BAD_REQUEST from the server, not the parser's default", async () => {
    const cases: Record<string, string> = {
      "unknown method": `${MARKER} /v1/health HTTP/1.1\r\nHost: x\r\n\r\n`,
      "control character in a header": `GET /v1/health HTTP/1.1\r\nHost: x\r\nX-${MARKER}: a\u0001b\r\n\r\n`,
      "header without a colon": `GET /v1/health HTTP/1.1\r\nHost: x\r\n${MARKER}\r\n\r\n`,
      "bad Content-Length": `POST /v1/products HTTP/1.1\r\nHost: x\r\nContent-Length: ${MARKER}\r\n\r\n`,
      "Content-Length and Transfer-Encoding": `POST /v1/products HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      "bad chunk size": `POST /v1/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${MARKER}\r\n\r\n`,
      "not HTTP at all": `${MARKER}\r\n\r\n`,
    };
    for (const [label, request] of Object.entries(cases)) {
      assertErrorBody(await exchange(port, [request]), 400, "BAD_REQUEST", label);
    }
  });

  test("a URL that is not valid percent-encoding: 400 INVALID_URL, not echoed", async () => {
    const response = await exchange(port, [get(`/v1/products/${MARKER}%E0%A4%A`)]);
    assertErrorBody(response, 400, "INVALID_URL", "bad percent-encoding");
  });

  test("an unknown route: 404 ROUTE_NOT_FOUND without the method or path", async () => {
    for (const request of [
      get(`/v1/${MARKER}`),
      get(`/v1/products/a/${MARKER}?${MARKER}=1`),
      `DELETE /v1/${MARKER} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    ]) {
      assertErrorBody(await exchange(port, [request]), 404, "ROUTE_NOT_FOUND", request);
    }
  });

  test("an unsupported Content-Type: 415 without the type", async () => {
    const body = "{}";
    const response = await exchange(port, [
      `POST /v1/licenses/actions/validate-key HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-${MARKER}\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    ]);
    assertErrorBody(response, 415, "UNSUPPORTED_MEDIA_TYPE", "media type");
  });

  test("malformed JSON: 400 INVALID_JSON without the body's bytes", async () => {
    const body = `{"name": ${MARKER}}`;
    const response = await exchange(port, [
      `POST /v1/licenses/actions/validate-key HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    ]);
    assertErrorBody(response, 400, "INVALID_JSON", "malformed JSON");
  });

  test("an Expect header other than 100-continue: 417 EXPECTATION_FAILED", async () => {
    const response = await exchange(port, [get("/v1/health", `Expect: ${MARKER}\r\n`)]);
    assertErrorBody(response, 417, "EXPECTATION_FAILED", "expect");
  });

  test("headers sent a byte at a time: cut off with 408 REQUEST_TIMEOUT", async () => {
    const request = get("/v1/health", `X-Slow: ${"a".repeat(200)}\r\n`);
    // 40 ms a byte: the whole request would take over 10 s.
    const response = await exchange(port, [...request], 40);
    assertErrorBody(response, 408, "REQUEST_TIMEOUT", "slow headers");
  });

  test("a connection that sends nothing: cut off with 408", async () => {
    const response = await exchange(port, []);
    assertErrorBody(response, 408, "REQUEST_TIMEOUT", "silent connection");
  });

  test("a body sent a byte at a time: cut off with 408 REQUEST_TIMEOUT", async () => {
    const body = JSON.stringify({ name: "x".repeat(300) });
    const head =
      `POST /v1/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t().adminToken}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const response = await exchange(port, [head, ...body], 40);
    assertErrorBody(response, 408, "REQUEST_TIMEOUT", "slow body");
    // Nothing was created from the part that arrived.
    const products = await t().app.inject({
      method: "GET",
      url: "/v1/products",
      headers: { authorization: `Bearer ${t().adminToken}` },
    });
    assert.deepEqual(products.json().data, []);
  });

  test("a request sent at a normal pace still works after the cut-offs", async () => {
    const response = await exchange(port, [get("/v1/health")]);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { status: "ok" });
  });
});
