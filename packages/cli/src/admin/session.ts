// What an admin command does once commander has parsed it: find the server and token, build the
// request from the flags, call the API through @keyward/client and print the answer. Loaded
// lazily by commands.ts, so that the offline commands never load the client.
import { readFile, unlink } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import {
  createKeywardClient,
  KeywardApiError,
  type KeywardClient,
  KeywardNetworkError,
} from "@keyward/client";
import { CliError, ServerRefusal, usageError } from "../errors.js";
import { type Context, ensureDirectory } from "../io.js";
import { fieldFlag, type Operation, optionKey } from "./commands.js";
import type { Fields, FieldType, Resource } from "./resources.js";
import { formatRecord, formatTable } from "./table.js";

type Options = Record<string, unknown> & {
  url?: string;
  token?: string;
  profile?: string;
  json?: boolean;
  all?: boolean;
  limit?: string;
  cursor?: string;
  data?: string;
  out?: string;
  idempotencyKey?: string;
};

interface Profile {
  url: string;
  token: string;
}

interface ProfileFile {
  profiles: Record<string, Profile>;
}

const DEFAULT_PROFILE = "default";

/** $XDG_CONFIG_HOME/keyward/profiles.json (~/.config; %APPDATA% on Windows). */
export function profilePath(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CONFIG_HOME ||
    (process.platform === "win32" && env.APPDATA ? env.APPDATA : join(homedir(), ".config"));
  return join(base, "keyward", "profiles.json");
}

async function readProfiles(path: string): Promise<ProfileFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { profiles: {} };
    throw new CliError("IO_ERROR", `cannot read the profile file '${path}': ${String(error)}`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<ProfileFile>;
    return { profiles: { ...parsed.profiles } };
  } catch {
    throw new CliError("BAD_FORMAT", `the profile file '${path}' is not JSON; log in again`);
  }
}

async function writeProfiles(context: Context, path: string, file: ProfileFile): Promise<void> {
  await ensureDirectory(dirname(path));
  // A secret: 0600, replaced atomically (never half-written, never readable by others).
  await context.writeOutput(path, JSON.stringify(file, null, 2), {
    secret: true,
    force: true,
    what: "profile file",
  });
}

/**
 * The server and token: flags, else the environment, else the profile. A profile's token goes
 * only to the profile's own server: with another --url or KEYWARD_URL, a token must be given too.
 */
async function connect(options: Options): Promise<KeywardClient> {
  const profileName = options.profile ?? DEFAULT_PROFILE;
  const given = {
    url: options.url ?? process.env.KEYWARD_URL,
    token: options.token ?? process.env.KEYWARD_TOKEN,
  };
  // The profile file is read only when something is missing (or a profile is named).
  const needed = options.profile !== undefined || !given.url || !given.token;
  const profile = needed ? (await readProfiles(profilePath())).profiles[profileName] : undefined;
  if (options.profile !== undefined && profile === undefined) {
    throw usageError(`no profile '${profileName}': run \`keyward login --profile ${profileName}\``);
  }
  const url = given.url || profile?.url;
  const token =
    given.token || (profile !== undefined && profile.url === url ? profile.token : undefined);
  if (!url || !token) {
    throw usageError(
      `no ${url ? "token" : "server"}: give --url and --token, set KEYWARD_URL and KEYWARD_TOKEN, or run \`keyward login\``,
    );
  }
  try {
    return createKeywardClient({ url, token });
  } catch (error) {
    throw usageError((error as Error).message.replace(/^createKeywardClient: /, ""));
  }
}

/** The API's refusal with its own code (exit 20); no answer at all is NETWORK_ERROR (21). */
function cliError(error: unknown): unknown {
  if (error instanceof KeywardApiError) return new ServerRefusal(error.code, error.message);
  if (error instanceof KeywardNetworkError) return new CliError("NETWORK_ERROR", error.message);
  return error;
}

type LooseCall = (path: string, init?: Record<string, unknown>) => Promise<unknown>;
type LoosePaginate = (path: string, init?: Record<string, unknown>) => AsyncIterable<unknown>;

const LICENSE_ID = /^lic_[0-9a-hjkmnp-tv-z]{26}$/;

/**
 * A license id as given, or the id of the license with this key. The API has no lookup by key
 * (keys are stored hashed for lookups by devices, not listed by key), so this reads the license
 * list a page of 100 at a time: one request per 100 licenses, until the key is found.
 */
async function resolveLicense(client: KeywardClient, value: string): Promise<string> {
  if (LICENSE_ID.test(value)) return value;
  const pages = client.paginate as unknown as LoosePaginate;
  for await (const license of pages("/v1/licenses", { params: { query: { limit: "100" } } })) {
    const { id, key } = license as { id: string; key: string };
    if (key === value) return id;
  }
  throw new ServerRefusal("LICENSE_NOT_FOUND", `no license has the id or key '${value}'`);
}

/** `--data '{"name": "x"}'` or `--data @body.json`. */
async function dataOption(context: Context, value: string): Promise<Record<string, unknown>> {
  const text = value.startsWith("@") ? await context.readText(value.slice(1), "--data") : value;
  const parsed = parseJson(text, "--data");
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw usageError("--data must be a JSON object (the request body)");
  }
  return parsed as Record<string, unknown>;
}

function parseJson(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usageError(`${flag} is not JSON: ${(error as Error).message}`);
  }
}

async function fieldValue(
  context: Context,
  client: KeywardClient,
  flag: string,
  type: FieldType,
  value: unknown,
): Promise<unknown> {
  if (type === "bool") return value;
  const text = String(value);
  if (type.endsWith("?") && text === "none") return null;
  switch (type) {
    case "int": {
      const number = Number(text);
      if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(number)) {
        throw usageError(`${flag} expects an integer, got '${text}'`);
      }
      return number;
    }
    case "int?":
      return fieldValue(context, client, flag, "int", value);
    case "json":
      return text.startsWith("@")
        ? parseJson(await context.readText(text.slice(1), flag), flag)
        : parseJson(text, flag);
    case "list":
      return text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");
    case "license":
      return resolveLicense(client, text);
    default:
      return text;
  }
}

/** The flags' values, by field, converted; flags not given are left out. */
async function fieldValues(
  context: Context,
  client: KeywardClient,
  resource: Resource,
  fields: Fields | undefined,
  options: Options,
): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(fields ?? {})) {
    const value = options[optionKey(resource, field)];
    if (value === undefined) continue;
    const flag = `--${fieldFlag(resource, field)}`;
    values[field] = await fieldValue(context, client, flag, type, value);
  }
  return values;
}

/** Runs one admin operation and prints its answer. */
export async function runOperation(
  context: Context,
  operation: Operation,
  id: string | null,
  options: Options,
): Promise<void> {
  const client = await connect(options);
  try {
    await perform(context, client, operation, id, options);
  } catch (error) {
    throw cliError(error);
  }
}

async function perform(
  context: Context,
  client: KeywardClient,
  operation: Operation,
  givenId: string | null,
  options: Options,
): Promise<void> {
  const { resource } = operation;
  const hasBody = operation.body !== undefined || operation.idInBody !== undefined;
  // The command line is checked before any request (a license key costs requests).
  const data = hasBody && options.data !== undefined ? await dataOption(context, options.data) : {};
  const missing = (operation.required ?? []).filter(
    (field) => options[optionKey(resource, field)] === undefined && data[field] === undefined,
  );
  if (missing.length > 0) {
    throw usageError(
      `${missing.map((field) => `--${fieldFlag(resource, field)}`).join(", ")} required (or in --data)`,
    );
  }

  const id =
    givenId !== null && operation.argument === "license"
      ? await resolveLicense(client, givenId)
      : givenId;
  const body = hasBody
    ? {
        ...data,
        ...(await fieldValues(context, client, resource, operation.body, options)),
        ...(operation.idInBody && id !== null ? { [operation.idInBody]: id } : {}),
      }
    : undefined;

  const filters = operation.name === "list" ? resource.filters : operation.query;
  const query: Record<string, unknown> = await fieldValues(
    context,
    client,
    resource,
    filters,
    options,
  );
  if (options.limit !== undefined) query.limit = options.limit;
  if (options.cursor !== undefined) query.cursor = options.cursor;

  const path =
    id === null || operation.idInBody
      ? operation.path
      : operation.path.replace("{id}", encodeURIComponent(id));
  const init = {
    ...(Object.keys(query).length > 0 ? { params: { query } } : {}),
    ...(body === undefined ? {} : { body }),
    ...(options.idempotencyKey === undefined
      ? {}
      : { headers: { "idempotency-key": options.idempotencyKey } }),
  };

  if (operation.list && options.all) {
    const items: unknown[] = [];
    for await (const item of (client.paginate as unknown as LoosePaginate)(path, init)) {
      items.push(item);
    }
    await print(context, operation, { data: items, nextCursor: null }, options);
    return;
  }
  const answer = await (client[operation.method] as unknown as LooseCall)(path, init);
  if (operation.certificate) {
    await writeCertificate(context, answer, options);
    return;
  }
  if (answer === undefined) {
    if (!options.json) {
      const done = operation.name === "delete" ? "deleted" : `done: ${operation.name}`;
      await context.writeStdout(`${done} ${resource.singular} ${id}\n`);
    }
    return;
  }
  await print(context, operation, answer, options);
}

async function print(
  context: Context,
  operation: Operation,
  answer: unknown,
  options: Options,
): Promise<void> {
  if (options.json) {
    await context.writeOutput(undefined, JSON.stringify(answer, null, 2));
    return;
  }
  const { data, nextCursor, ...rest } = answer as {
    data?: unknown;
    nextCursor?: string | null;
  } & Record<string, unknown>;
  if (Array.isArray(data)) {
    await context.writeStdout(formatTable(operation.columns, data));
    if (typeof nextCursor === "string") {
      await context.writeStderr(
        `keyward: more on the next page: --all, or --cursor ${nextCursor}\n`,
      );
    }
  } else if (typeof data === "object" && data !== null) {
    await context.writeStdout(formatRecord({ ...(data as Record<string, unknown>), ...rest }));
  } else if (data === undefined && typeof answer === "object" && answer !== null) {
    await context.writeStdout(formatRecord(rest));
  } else {
    await context.writeOutput(undefined, JSON.stringify(answer, null, 2));
  }
}

/** A checked-out file: its certificate to --out (or stdout); --json prints the answer too. */
async function writeCertificate(context: Context, answer: unknown, options: Options) {
  const { certificate } = (answer as { data: { certificate: string } }).data;
  if (options.out !== undefined && options.out !== "-") {
    // A base64+ file holds the license key in clear: 0600, replaced (atomically) when it exists.
    await context.writeOutput(options.out, certificate, {
      secret: true,
      force: true,
      what: "license file",
    });
    if (options.json) await context.writeOutput(undefined, JSON.stringify(answer, null, 2));
    else await context.writeStderr(`keyward: wrote the file to ${options.out}\n`);
  } else if (options.json) {
    await context.writeOutput(undefined, JSON.stringify(answer, null, 2));
  } else {
    await context.writeOutput(undefined, certificate);
  }
}

/** `keyward login`: checks the token, then saves the profile (mode 0600). */
export async function login(
  context: Context,
  options: { url?: string; token?: string; profile?: string },
): Promise<void> {
  const url = options.url ?? process.env.KEYWARD_URL;
  if (!url) throw usageError("no server: give --url or set KEYWARD_URL");
  if (options.token === undefined && !process.env.KEYWARD_TOKEN && context.io.stdin.isTTY) {
    throw usageError("no token: give --token, set KEYWARD_TOKEN or pipe it on stdin");
  }
  const token = (
    options.token ??
    process.env.KEYWARD_TOKEN ??
    (await context.readText(undefined, "token"))
  ).trim();
  const client = await connect({ url, token });
  let organization: { id: string; name: string };
  try {
    organization = (await client.GET("/v1/organization")).data;
  } catch (error) {
    throw cliError(error);
  }
  const name = options.profile ?? DEFAULT_PROFILE;
  const path = profilePath();
  const file = await readProfiles(path);
  file.profiles[name] = { url, token };
  await writeProfiles(context, path, file);
  await context.writeStdout(
    `logged in to ${url} as ${organization.name} (${organization.id}); profile '${name}' saved in ${path}\n`,
  );
}

/** `keyward logout`: forgets the profile; the file goes when it holds none. */
export async function logout(context: Context, options: { profile?: string }): Promise<void> {
  const name = options.profile ?? DEFAULT_PROFILE;
  const path = profilePath();
  const file = await readProfiles(path);
  if (file.profiles[name] === undefined) {
    await context.writeStdout(`no profile '${name}' to forget\n`);
    return;
  }
  delete file.profiles[name];
  if (Object.keys(file.profiles).length === 0) {
    await unlink(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  } else {
    await writeProfiles(context, path, file);
  }
  await context.writeStdout(`logged out: profile '${name}' forgotten\n`);
}
