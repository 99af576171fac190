import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from "fastify";
import { ServiceError } from "../services/errors.js";

/**
 * A query string whose percent-encoding does not decode (a `%` not followed by two hex digits,
 * or bytes that are not UTF-8, like `%FF` or the encoded surrogate `%ED%A0%80`) answers 400
 * INVALID_URL, as the router answers the same in the path. Fastify's query parser keeps such a
 * value undecoded (`a%ED%A0%80` reaching the route as those ten characters) and answers 200.
 *
 * A root onRequest hook, before authentication and any body: the router has split the URL, but
 * nothing has run. The check costs a request without `%` in its URL one indexOf (the hot
 * routes have none); the others, one decodeURIComponent of the query string. Decoding
 * the whole string at once is the same test as decoding each name and value: `&` and `=` are
 * never part of an escape, so an escape cut by one is malformed either way.
 */
export function registerQueryStringCheck(app: FastifyInstance): void {
  app.addHook(
    "onRequest",
    (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const url = request.url;
      if (url.includes("%") && !decodes(queryString(url))) {
        done(new ServiceError("INVALID_URL", "the URL's query is not valid percent-encoded UTF-8"));
        return;
      }
      done();
    },
  );
}

/** What the router reads as the query string: after the first `?` (or `#`, as it does). */
function queryString(url: string): string {
  const question = url.indexOf("?");
  const hash = url.indexOf("#");
  const start = hash !== -1 && (question === -1 || hash < question) ? hash : question;
  return start === -1 ? "" : url.slice(start + 1);
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** `metadata[stripeCustomerId]`: a deepObject member's name and key (no nested brackets). */
const DEEP_OBJECT_MEMBER = /^([A-Za-z][A-Za-z0-9]*)\[([^[\]]*)\]$/;

/**
 * A preValidation hook of a route whose query declares object parameters (`names`, sent as
 * OpenAPI deepObject: `metadata[plan]=pro&metadata[seats]=5`): Fastify's query parser keeps
 * `metadata[plan]` as a name of its own, so this folds those members into `{metadata: {plan:
 * "pro", seats: "5"}}` for the schema to validate. Each object is made without a prototype (a
 * member named `__proto__` is a member). What does not fold stays as it was, for the closed
 * schema to refuse: the members of a name that is not declared, nested brackets
 * (`metadata[a][b]`), and members when the plain name is there too (`metadata=x`). A repeated
 * member stays the array the parser made (refused: the value must be a string).
 */
export function foldDeepObjects(names: readonly string[]) {
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (query !== undefined && query !== null) {
      let folded: Record<string, unknown> | undefined;
      for (const [name, value] of Object.entries(query)) {
        const match = DEEP_OBJECT_MEMBER.exec(name);
        if (match === null) continue;
        const [, parameter, member] = match as unknown as [string, string, string];
        if (!names.includes(parameter) || Object.hasOwn(query, parameter)) continue;
        folded ??= { ...query };
        delete folded[name];
        let object = folded[parameter] as Record<string, unknown> | undefined;
        if (object === undefined) {
          object = Object.create(null) as Record<string, unknown>;
          folded[parameter] = object;
        }
        object[member] = value;
      }
      if (folded !== undefined) request.query = folded;
    }
    done();
  };
}
