// Bytes the databases cannot take. A NUL character (U+0000; PostgreSQL text cannot hold it) in
// any string field of any operation of the OpenAPI document — path, query or JSON body — is
// 400 VALIDATION_FAILED naming the field, on both databases, and writes nothing; so is a lone
// UTF-16 surrogate (a JSON escape like "\ud800": the drivers store it as U+FFFD, SQLite three
// times and PostgreSQL once), which a URL can only carry as bytes that are not UTF-8 (400
// INVALID_URL). The requests are generated from the document, so a new route or field is
// walked without a change here. Also: both in property names and offline request files, NUL
// in headers, bodies that are not UTF-8, undecodable query strings; nesting too deep to store.
import assert from "node:assert/strict";
import { type AddressInfo, connect } from "node:net";
import { before, test } from "node:test";
import { createLicense, oneOfEach } from "./licensing-fixtures.js";
import {
  deviceRequest,
  encode,
  offlineKeys,
  offlineLicense,
  offlineSnapshot,
  postOffline,
  signedHeaders,
} from "./offline-activation-fixtures.js";
import { type ApiResponse, api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import {
  type OpenApiDocument,
  type Resolve,
  resolver,
  type Schema,
  sample,
  typesOf,
} from "./support/openapi-samples.js";
import { tableRows } from "./support/tables.js";

const NUL = "a\u0000b";
const LONE_SURROGATE = "a\ud800b";
const SURROGATE_MESSAGE = /^must be well-formed Unicode \(no lone surrogate\)$/;

/** A string the databases cannot take as it is, and how it reaches a URL. */
interface BadText {
  name: string;
  text: string;
  /** Percent-encoded for a path segment or query value. */
  inUrl: string;
  /** A body field holding it: 400 VALIDATION_FAILED naming the field, with this message. */
  message: RegExp;
  /** In the URL: named like a body field (null), or this error code before any route. */
  urlCode: string | null;
}

const BAD_TEXTS: BadText[] = [
  { name: "NUL", text: NUL, inUrl: "a%00b", message: /NUL/, urlCode: null },
  {
    name: "lone surrogate",
    text: LONE_SURROGATE,
    // U+D800 as UTF-8 would write it: no valid UTF-8, so the URL is refused as such.
    inUrl: "a%ED%A0%80b",
    message: SURROGATE_MESSAGE,
    urlCode: "INVALID_URL",
  },
];

/** One string field: where it is (the API's own path notation) and how to put a value there. */
interface Field {
  path: string;
  /** JSON body: the property path, array items as index 0. */
  at: Array<string | number>;
}

/** Every string-typed place in a body schema (properties, nested objects, array items). */
function stringFields(schema: Schema, resolve: Resolve): Field[] {
  const fields: Field[] = [];
  const walk = (node: Schema, at: Array<string | number>, path: string) => {
    const resolved = resolve(node);
    const types = typesOf(resolved);
    if (types.includes("string")) fields.push({ path, at });
    for (const [name, property] of Object.entries(resolved.properties ?? {})) {
      walk(property, [...at, name], `${path}.${name}`);
    }
    if (resolved.items) walk(resolved.items, [...at, 0], `${path}[0]`);
    for (const branch of resolved.anyOf ?? resolved.oneOf ?? []) {
      if (typesOf(branch).includes("object")) walk(branch, at, path);
    }
  };
  walk(schema, [], "body");
  return fields;
}

/** `value` with `replacement` put at `at`, creating the objects and arrays on the way. */
function placed(value: unknown, at: Array<string | number>, replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const [head, ...rest] = at;
  if (typeof head === "number") {
    const array = Array.isArray(value) ? [...value] : [];
    array[head] = placed(array[head], rest, replacement);
    return array;
  }
  const object = value !== null && typeof value === "object" ? { ...value } : {};
  (object as Record<string, unknown>)[head!] = placed(
    (object as Record<string, unknown>)[head!],
    rest,
    replacement,
  );
  return object;
}

function assertNamesField(response: ApiResponse, field: string, label: string, message = /NUL/) {
  assert.ok(response.status < 500, `${label}: ${response.status} ${response.text}`);
  assert.equal(response.status, 400, `${label}: ${response.text}`);
  assert.equal(errorCode(response), "VALIDATION_FAILED", label);
  const details: Array<{ path: string; message: string }> = response.body.error.details ?? [];
  const detail = details.find((item) => item.path === field);
  assert.ok(detail, `${label}: no detail for ${field} in ${response.text}`);
  assert.match(detail.message, message, label);
  assert.ok(response.body.error.message.includes(field), `${label}: ${response.text}`);
}

/** A bad text in a URL: named like a body field, or refused with `bad.urlCode`. */
function assertUrlRefused(response: ApiResponse, bad: BadText, field: string, label: string) {
  if (bad.urlCode === null) {
    assertNamesField(response, field, label, bad.message);
    return;
  }
  assert.equal(response.status, 400, `${label}: ${response.text}`);
  assert.equal(errorCode(response), bad.urlCode, label);
}

forEachDatabase("a NUL character or a lone surrogate in any string field", (db) => {
  const t = useTestApp(db);
  /** A real id for each collection a path starts with (`/v1/<collection>/{id}`). */
  const ids: Record<string, string> = {};

  before(async () => {
    Object.assign(ids, {
      organizations: t().organizationId,
      ...(await oneOfEach(api(t().app, t().adminToken))),
    });
  });

  for (const bad of BAD_TEXTS) {
    test(`every operation of the OpenAPI document, ${bad.name}: 400 naming the field, nothing written`, async (context) => {
      await walkOperations(bad, context);
    });
  }

  /** Every string field of every operation, in turn holding `bad`; then nothing was written. */
  async function walkOperations(bad: BadText, context: { diagnostic(message: string): void }) {
    const call = api(t().app, t().adminToken);
    const document: OpenApiDocument = (await call("GET", "/v1/openapi.json")).body;
    const resolve = resolver(document);
    const before = await tableRows(t());
    let requests = 0;
    const operations = new Set<string>();
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const verb = method.toUpperCase() as "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
        const parameters = operation.parameters ?? [];
        // Path parameters from the template itself: a route that forgot its params schema is
        // walked too.
        const pathNames = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
        const collection = /^\/v1\/([a-z-]+)\//.exec(template)?.[1] ?? "";
        /** The path, with `encoded` (already percent-encoded) for the parameters it names. */
        const url = (encoded: Record<string, string> = {}) =>
          template.replace(
            /\{([^}]+)\}/g,
            (_, name: string) => encoded[name] ?? encodeURIComponent(ids[collection] ?? "x_1"),
          );
        const schema = operation.requestBody?.content["application/json"]?.schema;
        const body = schema ? sample(schema, resolve) : undefined;
        const send = (path: string, payload: unknown) => {
          requests++;
          operations.add(`${verb} ${template}`);
          return call(verb, path, payload);
        };

        for (const name of pathNames) {
          const label = `${verb} ${template} path ${name}`;
          const response = await send(url({ [name]: bad.inUrl }), body);
          assertUrlRefused(response, bad, `params.${name}`, label);
        }
        for (const parameter of parameters) {
          if (parameter.in !== "query" || !typesOf(resolve(parameter.schema)).includes("string")) {
            continue;
          }
          const label = `${verb} ${template} query ${parameter.name}`;
          const query = `${encodeURIComponent(parameter.name)}=${bad.inUrl}`;
          const response = await send(`${url()}?${query}`, body);
          assertUrlRefused(response, bad, `query.${parameter.name}`, label);
        }
        for (const field of schema ? stringFields(schema, resolve) : []) {
          const label = `${verb} ${template} ${field.path}`;
          const response = await send(url(), placed(body, field.at, bad.text));
          assertNamesField(response, field.path, label, bad.message);
        }
      }
    }
    context.diagnostic(`${operations.size} operations, ${requests} requests`);
    // The walk reaches the routes the issue named, and most of the API.
    for (const route of [
      "POST /v1/licenses/actions/validate-key",
      "POST /v1/check",
      "POST /v1/trackable/authorize",
      "GET /v1/products/{id}",
      "GET /v1/licenses",
    ]) {
      assert.ok(operations.has(route), `${route} walked`);
    }
    assert.ok(requests >= 150, `only ${requests} requests`);
    assert.deepEqual(await tableRows(t()), before, "a refused request wrote something");
  }

  test("NUL in a free-form object's property names and values, at any depth", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tableRows(t());
    const cases: Array<[unknown, string]> = [
      [{ name: "P", metadata: { [NUL]: 1 } }, 'body.metadata["a\\u0000b"]'],
      [{ name: "P", metadata: { list: [{ deep: NUL }] } }, "body.metadata.list[0].deep"],
      [{ name: "P", [NUL]: 1 }, 'body["a\\u0000b"]'],
    ];
    for (const [body, field] of cases) {
      assertNamesField(await call("POST", "/v1/products", body), field, JSON.stringify(body));
    }
    assert.deepEqual(await tableRows(t()), before);
  });

  test("a lone surrogate in a free-form object's property names and values, at any depth", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tableRows(t());
    const cases: Array<[unknown, string]> = [
      [{ name: "P", metadata: { [LONE_SURROGATE]: 1 } }, 'body.metadata["a\\ud800b"]'],
      [{ name: "P", metadata: { list: [{ deep: "\udfff" }] } }, "body.metadata.list[0].deep"],
      [{ name: "P", [LONE_SURROGATE]: 1 }, 'body["a\\ud800b"]'],
      // A pair the wrong way round is two lone surrogates.
      [{ name: "\ude00\ud83d" }, "body.name"],
    ];
    for (const [body, field] of cases) {
      const response = await call("POST", "/v1/products", body);
      assertNamesField(
        response,
        field,
        field,
        /must be well-formed Unicode \(no lone surrogate\)$/,
      );
    }
    assert.deepEqual(await tableRows(t()), before);
  });

  test("a lone surrogate never reaches a database: fingerprints and names stay as sent, one machine each, on both", async () => {
    const call = api(t().app, t().adminToken);
    const license = await createLicense(call, { id: ids.policies!, productId: ids.products! });
    const before = await tableRows(t());
    // Each became U+FFFD in the drivers: SQLite made three machines of these, PostgreSQL one.
    for (const fingerprint of ["fp\ud800x", "fp\udbffx", "fp\udc00", "\udfff"]) {
      const label = JSON.stringify(fingerprint);
      const activation = await call("POST", "/v1/machines", { licenseId: license.id, fingerprint });
      assertNamesField(activation, "body.fingerprint", label, SURROGATE_MESSAGE);
      // The hot paths check the same: no validation answer, nothing counted.
      const checked = await api(t().app, null)("POST", "/v1/check", {
        key: license.key,
        fingerprint,
      });
      assertNamesField(checked, "body.fingerprint", label, SURROGATE_MESSAGE);
      const validated = await api(t().app, null)("POST", "/v1/licenses/actions/validate-key", {
        key: license.key,
        scope: { fingerprint },
      });
      assertNamesField(validated, "body.scope.fingerprint", label, SURROGATE_MESSAGE);
    }
    const key = await api(t().app, null)("POST", "/v1/check", { key: `${license.key}\ud800` });
    assertNamesField(key, "body.key", "key", SURROGATE_MESSAGE);
    const named = await call("POST", "/v1/products", { name: LONE_SURROGATE });
    assertNamesField(named, "body.name", "product name", SURROGATE_MESSAGE);
    assert.deepEqual(await tableRows(t()), before, "a refused request wrote something");

    // Well-formed text is kept exactly: U+FFFD itself, and pairs (U+1F600, U+10FFFF).
    const fingerprints = ["fp\ufffdx", "fp\ud83d\ude00x", "fp\udbff\udfffx"];
    for (const fingerprint of fingerprints) {
      const created = await call("POST", "/v1/machines", { licenseId: license.id, fingerprint });
      assert.equal(created.status, 201, created.text);
      const read = await call("GET", `/v1/machines/${created.body.data.id}`);
      assert.equal(read.body.data.fingerprint, fingerprint);
    }
    const listed = await call("GET", `/v1/machines?licenseId=${license.id}&limit=100`);
    assert.deepEqual(
      listed.body.data.map((machine: { fingerprint: string }) => machine.fingerprint).sort(),
      [...fingerprints].sort(),
    );
    const product = await call("POST", "/v1/products", { name: "a\ud83d\ude00b\ufffd" });
    assert.equal(product.status, 201, product.text);
    const stored = await call("GET", `/v1/products/${product.body.data.id}`);
    assert.equal(stored.body.data.name, "a\ud83d\ude00b\ufffd");
  });

  test("a body that is not UTF-8 is 400 INVALID_JSON, not text with U+FFFD in it", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tableRows(t());
    const json = (...bytes: number[]) =>
      Buffer.concat([Buffer.from('{"name":"a'), Buffer.from(bytes), Buffer.from('b"}')]);
    const cases: Array<[string, Buffer]> = [
      ["a Latin-1 byte", json(0xe9)],
      ["0xFF", json(0xff)],
      ["an encoded surrogate (CESU-8 of U+D800)", json(0xed, 0xa0, 0x80)],
      ["an overlong '/'", json(0xc0, 0xaf)],
      ["a sequence cut short", json(0xe2, 0x82)],
      ["past U+10FFFF", json(0xf4, 0x90, 0x80, 0x80)],
      ["outside a string", Buffer.from([0x7b, 0xff, 0x7d])],
    ];
    for (const [label, raw] of cases) {
      for (const [method, path] of [
        ["POST", "/v1/products"],
        ["POST", "/v1/check"],
      ] as const) {
        const response = await call(method, path, undefined, { raw });
        assert.equal(response.status, 400, `${label} ${path}: ${response.text}`);
        assert.equal(errorCode(response), "INVALID_JSON", label);
        assert.equal(response.body.error.message, "the body is not valid UTF-8 text", label);
      }
    }
    assert.deepEqual(await tableRows(t()), before);
    // UTF-8 of every length is text as before, a byte order mark too.
    const kept = await call("POST", "/v1/products", undefined, {
      raw: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"é€😀"}')]),
    });
    assert.equal(kept.status, 201, kept.text);
    assert.equal(kept.body.data.name, "é€😀");
  });

  test("a query string that does not percent-decode to UTF-8 is 400 INVALID_URL, as in the path", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tableRows(t());
    const bad = ["%ED%A0%80", "%FF", "a%E9", "%E2%82", "%C0%AF", "%ZZ", "100%", "%"];
    for (const encoded of bad) {
      for (const url of [
        `/v1/licenses?q=${encoded}`,
        `/v1/licenses?q${encoded}=1`,
        `/v1/licenses/${ids.licenses}/actions/check-out?format=${encoded}`,
        `/v1/no-such-route?q=${encoded}`,
      ]) {
        const method = url.includes("check-out") ? "POST" : "GET";
        const response = await call(method, url);
        assert.equal(response.status, 400, `${url}: ${response.text}`);
        assert.equal(errorCode(response), "INVALID_URL", url);
        assert.ok(!response.text.includes(encoded), `${url}: the URL quoted back`);
      }
      // The path answers the same.
      const path = await call("GET", `/v1/products/${encoded}`);
      assert.equal(errorCode(path), "INVALID_URL", `path ${encoded}`);
    }
    // Even before authentication, as for the path.
    const anonymous = await api(t().app, null)("GET", "/v1/licenses?q=%FF");
    assert.equal(errorCode(anonymous), "INVALID_URL");
    assert.deepEqual(await tableRows(t()), before);
    // What decodes is read as before: UTF-8, `+` and escaped delimiters.
    const searched = await call("GET", "/v1/licenses?q=%E2%82%AC+%26%3D");
    assert.equal(searched.status, 200, searched.text);
  });

  test("nesting deeper than 32 levels is 400 VALIDATION_FAILED, not a stack overflow", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tableRows(t());
    for (const depth of [31, 100_000]) {
      const raw = `{"name":"P","metadata":{"a":${"[".repeat(depth)}${"]".repeat(depth)}}}`;
      const response = await call("POST", "/v1/products", undefined, { raw });
      assert.equal(response.status, 400, `depth ${depth}: ${response.text.slice(0, 300)}`);
      assert.equal(errorCode(response), "VALIDATION_FAILED");
      assert.match(response.body.error.details[0].path, /^body\.metadata\.a(\[0\])+$/);
      assert.match(response.body.error.message, /deeper than 32/);
    }
    // 32 levels in all (the body, metadata and 30 arrays) are kept.
    const raw = `{"name":"P","metadata":{"a":${"[".repeat(30)}${"]".repeat(30)}}}`;
    const kept = await call("POST", "/v1/products", undefined, { raw });
    assert.equal(kept.status, 201, kept.text);
    assert.equal(JSON.stringify(kept.body.data.metadata), raw.slice(raw.indexOf(':{"a"') + 1, -1));
    const rows = await tableRows(t());
    assert.equal(rows.products!.length, before.products!.length + 1);
  });

  test("offline request files: a NUL or a lone surrogate in a field of the Base64 JSON, or a NUL in the text, is a 400", async () => {
    const call = api(t().app, t().adminToken);
    const keys = await offlineKeys(call);
    const license = await offlineLicense(call);
    const before = await offlineSnapshot(t().store);
    const fields = ["hardware_id", "hostname", "os_ver", "app_ver", "api_key"] as const;
    for (const [bad, said] of [
      [NUL, "NUL"],
      [LONE_SURROGATE, "lone surrogate"],
    ] as const) {
      for (const field of fields) {
        // Signed with the value in place: only the decoder stands between it and the database.
        const request = await deviceRequest(keys, { license_key: license.key }, {
          [field]: bad,
        } as Record<string, string>);
        for (const multipart of [false, true]) {
          const response = await postOffline(t().app, "/v1/offline/activate", encode(request), {
            headers: signedHeaders(keys),
            multipart,
          });
          const label = `${field}: ${said} (multipart: ${multipart})`;
          assert.equal(response.status, 400, `${label}: ${response.text}`);
          assert.equal(errorCode(response), "INVALID_FIELD", label);
          assert.match(response.body.error.message, new RegExp(`^${field} .*${said}`), label);
        }
      }
      const byUser = await deviceRequest(keys, { username: bad, password: "secret" });
      const response = await postOffline(t().app, "/v1/offline/deactivate", encode(byUser), {
        headers: signedHeaders(keys),
      });
      assert.equal(response.status, 400, response.text);
      assert.equal(errorCode(response), "INVALID_FIELD");
    }
    for (const multipart of [false, true]) {
      const text = await postOffline(t().app, "/v1/offline/activate", `abc${NUL}def`, {
        headers: signedHeaders(keys),
        multipart,
      });
      assert.equal(text.status, 400, text.text);
      assert.equal(errorCode(text), "INVALID_BASE64");
    }
    assert.deepEqual(await offlineSnapshot(t().store), before);
  });

  test("headers: NUL never reaches the database (the HTTP parser or the header's own check refuses it)", async () => {
    const before = await tableRows(t());
    // Through the app (no HTTP parser in between): each header's own format check answers.
    const license = await api(t().app, null)("GET", "/v1/licenses", undefined, {
      headers: { authorization: `License ${NUL}` },
    });
    assert.equal(license.status, 401, license.text);
    const idempotent = await api(t().app, t().adminToken)(
      "POST",
      "/v1/products",
      { name: "P" },
      { headers: { "idempotency-key": NUL } },
    );
    assert.equal(idempotent.status, 400, idempotent.text);
    assert.equal(errorCode(idempotent), "INVALID_IDEMPOTENCY_KEY");

    // Over a socket, as a client sends it: Node's HTTP parser refuses the request line.
    await t().app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = t().app.server.address() as AddressInfo;
    for (const [name, value] of [
      ["authorization", `Bearer ${t().adminToken}\u0000`],
      ["idempotency-key", NUL],
      ["date", NUL],
    ] as const) {
      const status = await rawStatus(port, name, value);
      assert.equal(status, 400, `${name}: ${status}`);
    }
    assert.deepEqual(await tableRows(t()), before);
  });
});

/** The status code Node answers a POST whose one header is written byte for byte. */
function rawStatus(port: number, name: string, value: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // node:http refuses to send a NUL in a header itself: write the request on a socket.
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(
        `POST /v1/products HTTP/1.1\r\nhost: 127.0.0.1\r\n${name}: ${value}\r\n` +
          `content-type: application/json\r\ncontent-length: 12\r\n\r\n{"name":"P"}`,
      );
    });
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(received);
      if (status) {
        resolve(Number(status[1]));
        socket.destroy();
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`no status line: ${JSON.stringify(received)}`)));
  });
}
