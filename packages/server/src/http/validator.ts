import AjvCompiler from "@fastify/ajv-compiler";
import type {
  FastifySchemaCompiler,
  FastifySchemaValidationError,
  FastifyServerOptions,
} from "fastify";

// The validator of every route part that has a schema (body, querystring, params, headers).
// Besides the schema, it refuses what no schema states and the databases cannot take: in any
// string or property name, a NUL character (PostgreSQL text cannot hold U+0000) or a lone UTF-16
// surrogate (a JSON escape like "\ud800" makes one; it is no Unicode text, so the drivers encode
// it as U+FFFD, SQLite as three and PostgreSQL as one: stored corrupted, and two fingerprints
// that differ only there are one machine on PostgreSQL and two on SQLite); a number JSON.parse
// could not keep (a literal past the double range, `1e309`, becomes Infinity and is stored as
// null; an integer past ±(2^53−1), `9007199254740993`, is rounded to its neighbour: free-form
// metadata and machine variables would keep another value than the one sent, silently); and
// nesting deeper than MAX_DEPTH (free-form metadata would otherwise overflow the stack of every
// recursive JSON walk after it). Each answers 400 VALIDATION_FAILED like a schema violation.
// Fractions (0.1) are kept as parsed: a double is what JSON numbers are, and they round-trip.
//
// The walk costs every valid input a few hundred ns for a /v1/check body and about 0.4 ms for a
// 1000-report usage batch (AJV itself: ~0.8 µs and ~1.5 ms; noisy 2-core measurements). The
// surrogate check (String.prototype.isWellFormed, Node 20+; V8 answers a one-byte string at
// once and scans the others) adds a few ns per string: 20–60 ns for a /v1/check body (~190 ns
// before), the NUL search staying the one pass over an ASCII string. A u-flag regex finding
// both in one call measured slower (~250 ns), and far slower on long strings.
//
// Reporting every problem: AJV's `allErrors` costs nothing on valid input (measured on /v1/check
// and a 1000-report usage batch: no slower), but on invalid input it reports every error of
// every array item: 1 MB of `{}` items gave 1.75 million errors, 570 ms and 250 MB of heap for
// one request. So the first pass stops at the first error; only a failing input of at most
// ALL_ERRORS_MAX_VALUES values is validated again with allErrors (its validator compiled on the
// first failure) to name every problem. Larger inputs report their first problem.

/** Deepest nesting of objects and arrays accepted in any request part. */
const MAX_DEPTH = 32;
/** Largest failing input (in JSON values) that is validated again to report every problem. */
const ALL_ERRORS_MAX_VALUES = 1000;

type ValidationResult = ReturnType<FastifySchemaCompiler<unknown>>;
type ValidatorFactory = NonNullable<
  NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]
>["buildValidator"];

/** compilersFactory.buildValidator for Fastify: its AJV compilers, wrapped as described above. */
export function buildValidator(): ValidatorFactory {
  const pool = AjvCompiler();
  const factory: AjvCompiler.BuildCompilerFromPool = (externalSchemas, options = {}) => {
    const firstError = pool(externalSchemas, options) as unknown as FastifySchemaCompiler<unknown>;
    const allErrors = pool(externalSchemas, {
      ...options,
      customOptions: { ...options.customOptions, allErrors: true },
    } as typeof options) as unknown as FastifySchemaCompiler<unknown>;
    const compile: FastifySchemaCompiler<unknown> = (route) => {
      const validate = firstError(route);
      let validateAll: ValidationResult | undefined;
      const guarded: ValidationResult = (data: unknown) => {
        const valid = validate(data) === true;
        const clean = isClean(data);
        if (valid && clean) return true;
        let errors = clean ? [] : inputProblems(data);
        if (!valid) {
          if (countValues(data, ALL_ERRORS_MAX_VALUES + 1) <= ALL_ERRORS_MAX_VALUES) {
            validateAll ??= allErrors(route);
            validateAll(data);
            errors = errors.concat(validateAll.errors ?? validate.errors ?? []);
          } else {
            errors = errors.concat(validate.errors ?? []);
          }
        }
        guarded.errors = errors;
        return false;
      };
      return guarded;
    };
    return compile as unknown as ReturnType<AjvCompiler.BuildCompilerFromPool>;
  };
  return factory;
}

/**
 * No NUL and no lone surrogate in any string or key, no number that lost its value, no nesting
 * past MAX_DEPTH: the check every valid input pays (a few hundred ns for a /v1/check body).
 * Recursion stops at MAX_DEPTH, so it cannot overflow.
 */
export function isClean(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return isCleanText(value);
  if (typeof value === "number") return isExactNumber(value);
  if (typeof value !== "object" || value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isClean(item, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (!isCleanText(key) || !isClean((value as Record<string, unknown>)[key], depth + 1)) {
      return false;
    }
  }
  return true;
}

/** ES2024's String.prototype.isWellFormed (Node 20+), which the ES2022 lib does not declare. */
type WellFormedText = string & { isWellFormed(): boolean };

/** No NUL, and well-formed UTF-16: every surrogate is half of a pair. */
function isCleanText(text: string): boolean {
  return !text.includes("\0") && (text as WellFormedText).isWellFormed();
}

/**
 * A number as sent: finite (a literal beyond ±1.8e308 parses to ±Infinity), and, when whole,
 * within Number.MAX_SAFE_INTEGER (beyond it neighbouring integers share one double, so
 * 9007199254740993 arrives as ...992, and 1e20 cannot be told from 1e20 + 1). Integer-valued
 * means the parsed value: `2e53` and `9007199254740993.5` are refused as well.
 */
function isExactNumber(value: number): boolean {
  return Number.isFinite(value) && (Number.isSafeInteger(value) || !Number.isInteger(value));
}

const MAX_INPUT_PROBLEMS = 20;
const NUL_MESSAGE = "must not contain a NUL character (\\u0000)";
const SURROGATE_MESSAGE = "must be well-formed Unicode (no lone surrogate)";
const INFINITE_MESSAGE = "must be a finite number (this one is beyond ±1.8e308)";
const UNSAFE_INTEGER_MESSAGE =
  "must be a number JSON keeps exactly: a whole number from -9007199254740991 to " +
  "9007199254740991 (2^53 − 1); a larger value in free-form data goes as a string";

/** What is wrong with a string isCleanText refused, as "keyword" and message. */
function textProblem(text: string): [keyword: string, message: string] | null {
  if (text.includes("\0")) return ["nul", NUL_MESSAGE];
  if (!(text as WellFormedText).isWellFormed()) return ["wellFormed", SURROGATE_MESSAGE];
  return null;
}

/** What isClean refused, as validation errors with the instance path of each (at most 20). */
function inputProblems(
  value: unknown,
  path = "",
  depth = 0,
  problems: FastifySchemaValidationError[] = [],
): FastifySchemaValidationError[] {
  const problem = (instancePath: string, keyword: string, message: string) =>
    problems.push({ keyword, instancePath, schemaPath: "#", params: {}, message });
  if (problems.length >= MAX_INPUT_PROBLEMS) return problems;
  if (typeof value === "string") {
    const found = textProblem(value);
    if (found) problem(path, ...found);
  } else if (typeof value === "number") {
    if (!Number.isFinite(value)) problem(path, "finite", INFINITE_MESSAGE);
    else if (!isExactNumber(value)) problem(path, "safeInteger", UNSAFE_INTEGER_MESSAGE);
  } else if (typeof value === "object" && value !== null) {
    if (depth >= MAX_DEPTH) {
      problem(path, "maxDepth", `must not nest objects and arrays deeper than ${MAX_DEPTH}`);
      return problems;
    }
    for (const [key, item] of Object.entries(value)) {
      const itemPath = `${path}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      const found = textProblem(key);
      if (found) problem(itemPath, found[0], `property name ${found[1]}`);
      inputProblems(item, itemPath, depth + 1, problems);
    }
  }
  return problems;
}

/** How many JSON values `data` holds, counting no further than `limit`. */
function countValues(data: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [data];
  while (stack.length > 0 && count < limit) {
    const value = stack.pop();
    count++;
    if (typeof value === "object" && value !== null) {
      for (const item of Array.isArray(value) ? value : Object.values(value)) {
        if (count + stack.length >= limit) break;
        stack.push(item);
      }
    }
  }
  return count;
}
