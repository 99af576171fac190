// The served OpenAPI document as the walks of every operation read it (input.security,
// closed-input.security): its schemas, the `$ref`s resolved, and a value each schema accepts.

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  minItems?: number;
  $ref?: string;
}

export interface Parameter {
  in: "path" | "query" | "header";
  name: string;
  schema: Schema;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export type Resolve = (schema: Schema) => Schema;

/** The schema a `$ref` names in the document (followed until there is none). */
export function resolver(document: OpenApiDocument): Resolve {
  const resolve: Resolve = (schema) =>
    schema.$ref
      ? resolve(document.components?.schemas?.[schema.$ref.split("/").pop()!] ?? {})
      : schema;
  return resolve;
}

/** The JSON types a schema admits (type lists, enums, consts and branches included). */
export function typesOf(schema: Schema): string[] {
  if (schema.type !== undefined) return Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.enum) return [...new Set(schema.enum.map((value) => typeof value))];
  if (schema.const !== undefined) return [typeof schema.const];
  const branches = schema.anyOf ?? schema.oneOf;
  return branches ? [...new Set(branches.flatMap(typesOf))] : [];
}

/** A value the schema accepts, as far as a generic generator can tell (required members only). */
export function sample(schema: Schema, resolve: Resolve): unknown {
  const resolved = resolve(schema);
  if (resolved.const !== undefined) return resolved.const;
  if (resolved.enum) return resolved.enum[0];
  const branch = (resolved.anyOf ?? resolved.oneOf)?.[0];
  if (branch) return sample(branch, resolve);
  const type = typesOf(resolved).find((name) => name !== "null") ?? "null";
  switch (type) {
    case "object": {
      const value: Record<string, unknown> = {};
      for (const name of resolved.required ?? []) {
        value[name] = sample(resolved.properties?.[name] ?? {}, resolve);
      }
      return value;
    }
    case "array":
      return Array.from({ length: resolved.minItems ?? 0 }, () =>
        sample(resolved.items ?? {}, resolve),
      );
    case "string":
      return sampleString(resolved);
    case "integer":
    case "number":
      return resolved.minimum ?? 1;
    case "boolean":
      return false;
    default:
      return null;
  }
}

/** A string the schema accepts: its format, or a run of letters or digits its pattern takes. */
export function sampleString(schema: Schema): string {
  if (schema.format === "date-time") return new Date().toISOString();
  if (schema.format === "date") return new Date().toISOString().slice(0, 10);
  if (schema.format === "email") return "ann@example.com";
  if (schema.format === "uri") return "https://example.com/hook";
  const length = Math.max(schema.minLength ?? 1, 8);
  const candidates = ["a".repeat(length), `a${"0".repeat(length - 1)}`, "A".repeat(length)];
  const pattern = schema.pattern ? new RegExp(schema.pattern, "u") : null;
  return candidates.find((candidate) => !pattern || pattern.test(candidate)) ?? candidates[0]!;
}
