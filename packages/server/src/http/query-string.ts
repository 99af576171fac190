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
