import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { chmod, mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import {
  type FormatError,
  isFormatError,
  type KeyType,
  type PublicKey,
  parsePublicKey,
  type TrustedKey,
  type TrustedKeys,
  trustedKeysFromJson,
} from "@keyward/formats";
import { type PrivateKey, parsePrivateKey } from "@keyward/formats/node";
import { CliError, usageError } from "./errors.js";

/** The streams a command talks to. `main` uses the process's; tests may pass their own. */
export interface Io {
  stdin: AsyncIterable<Uint8Array | string> & { isTTY?: boolean };
  stdout: OutputStream;
  stderr: OutputStream;
}

/** A writable stream; `write` must call its callback once the chunk is handled. */
export interface OutputStream {
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): unknown;
  isTTY?: boolean;
  /** A terminal's width; help is laid out for it. */
  columns?: number;
}

export function processIo(): Io {
  // A closed pipe (`keyward ... | head`) ends the output; it is not worth a crash.
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount("error") === 0) {
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE") throw error;
      });
    }
  }
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/**
 * Per-invocation I/O state: which streams to use and whether stdin has been consumed
 * (two inputs cannot both come from stdin).
 */
export class Context {
  private stdinTakenBy: string | undefined;
  /** Exit status of a command that succeeded with a caveat; errors are thrown instead. */
  exitCode = 0;

  constructor(readonly io: Io) {}

  /**
   * Fails before anything is read when more than one input would come from stdin: each entry
   * names an input and its source (`-` is stdin; undefined is stdin unless a file is named).
   */
  assertOneStdin(inputs: Record<string, string | undefined>): void {
    const fromStdin = Object.entries(inputs)
      .filter(([, source]) => source === undefined || source === "-")
      .map(([what]) => what);
    if (fromStdin.length > 1) {
      throw usageError(
        `only one input can come from stdin, but the ${fromStdin.join(" and the ")} would; name a file for the others`,
      );
    }
  }

  /**
   * Reads an input named on the command line: a file path, `-` for stdin, or undefined for
   * "stdin if something is piped in". `what` names the input in error messages.
   */
  async readInput(source: string | undefined, what: string): Promise<Uint8Array> {
    if (source === undefined || source === "-") {
      if (source === undefined && this.io.stdin.isTTY) {
        throw usageError(`no ${what} given: name a file or pipe it on stdin`);
      }
      if (this.stdinTakenBy !== undefined) {
        throw usageError(
          `stdin is already used for the ${this.stdinTakenBy}; read the ${what} from a file`,
        );
      }
      this.stdinTakenBy = what;
      return readStream(this.io.stdin);
    }
    return readFileOrFail(source, what);
  }

  async readText(source: string | undefined, what: string): Promise<string> {
    return decodeUtf8(await this.readInput(source, what), what);
  }

  async writeStdout(data: string | Uint8Array): Promise<void> {
    await writeStream(this.io.stdout, data);
  }

  async writeStderr(text: string): Promise<void> {
    await writeStream(this.io.stderr, text);
  }

  /**
   * Writes a result to a file, or to stdout when `destination` is undefined or `-`.
   * Text gets a trailing newline if it lacks one. Binary output is refused on a terminal.
   */
  async writeOutput(
    destination: string | undefined,
    data: string | Uint8Array,
    options: WriteFileOptions = {},
  ): Promise<void> {
    const body = typeof data === "string" && !data.endsWith("\n") ? `${data}\n` : data;
    if (destination === undefined || destination === "-") {
      if (typeof body !== "string" && this.io.stdout.isTTY) {
        throw usageError("refusing to write binary output to a terminal; use an output file");
      }
      await this.writeStdout(body);
      return;
    }
    await writeFileSafely(destination, body, options);
  }
}

export interface WriteFileOptions {
  /** A secret: created with mode 0600 and never overwritten unless `force`. */
  secret?: boolean;
  /** Overwrite an existing file. Ordinary outputs always overwrite; secrets only with force. */
  force?: boolean;
  /** Name of the thing written, for error messages. */
  what?: string;
}

/** Fails when `path` exists and `force` is not set; call before writing anything at all. */
export async function refuseOverwrite(
  path: string,
  force: boolean | undefined,
  what: string,
): Promise<void> {
  if (!force && (await exists(path))) {
    throw new CliError(
      "IO_ERROR",
      `refusing to overwrite existing ${what} '${path}' (use --force)`,
    );
  }
}

async function writeFileSafely(
  path: string,
  data: string | Uint8Array,
  options: WriteFileOptions,
): Promise<void> {
  const what = options.what ?? "output";
  try {
    if (!options.secret) {
      const handle = await open(path, "w", 0o644);
      try {
        await handle.writeFile(data);
      } finally {
        await handle.close();
      }
      return;
    }
    if (!options.force) {
      // O_EXCL: fails with EEXIST instead of replacing a key someone already has.
      const handle = await open(
        path,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
        0o600,
      );
      try {
        await handle.writeFile(data);
      } finally {
        await handle.close();
      }
      return;
    }
    // Replacing a secret: write a private temporary file next to it, then rename over it, so
    // the file is never readable by others nor half-written.
    const temporary = join(
      dirname(path),
      `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`,
    );
    const handle = await open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    try {
      await chmod(temporary, 0o600);
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => {});
      throw error;
    }
  } catch (error) {
    throw fileError(error, `cannot write ${what} to '${path}'`);
  }
}

/** Creates a directory (mode 0700 when new) for key files. */
export async function ensureDirectory(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fileError(error, `cannot create directory '${path}'`);
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** True when the bytes look like a text file (PEM, hex, Base64) rather than DER. */
function isText(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte >= 0x20 && byte <= 0x7e) continue;
    if (byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return false;
  }
  return true;
}

// Hex (Ed25519) or Base64 DER given inline rather than as a file name.
const INLINE_KEY = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{40,}={0,2})$/;

/**
 * A public key named on the command line: a file (PEM, DER, Base64 DER or hex), or the key
 * itself as hex (a raw Ed25519 key, as Keygen's dashboard shows it) or Base64 DER.
 */
export async function loadPublicKey(value: string): Promise<PublicKey> {
  const trimmed = value.trim();
  if (trimmed.startsWith("-----BEGIN")) return parsePublicKeyText(trimmed, "the --public-key PEM");
  if (await isFile(value)) {
    const bytes = await readFileOrFail(value, "public key");
    if (!isText(bytes))
      return withKeyContext(() => parsePublicKey(bytes), `public key file '${value}'`);
    return parsePublicKeyText(new TextDecoder().decode(bytes), `public key file '${value}'`);
  }
  if (INLINE_KEY.test(trimmed))
    return withKeyContext(() => parsePublicKey(trimmed), "--public-key");
  throw new CliError(
    "IO_ERROR",
    `cannot read public key file '${value}': no such file or directory`,
  );
}

function parsePublicKeyText(text: string, where: string): PublicKey {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new CliError(
      "BAD_KEY",
      `${where} holds a private key; pass the public key (\`keyward keys public\` derives it)`,
    );
  }
  return withKeyContext(() => parsePublicKey(text), where);
}

/** What the verify commands take to name the keys they trust. */
export interface TrustedKeyOptions {
  /** `--public-key`, once or more. */
  publicKey?: string[];
  /** `--keys FILE`: the public-keys endpoint's JSON answer (`keyward signing-keys list --json`). */
  keys?: string;
}

/** commander's collector for a repeatable `--public-key`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const PUBLIC_KEY_HELP =
  "public key: a file (PEM, DER, Base64, hex) or hex/Base64 text; repeat to trust several";
export const KEYS_HELP =
  "trust every key in this JSON file: the answer of GET /v1/organizations/ID/signing-keys " +
  "or `keyward signing-keys list --json` (artifacts are verified with the key their kid names)";

/**
 * The keys a verify command trusts: one `--public-key` alone is used as before; several, or
 * `--keys FILE` (with their ids), make a set the artifact's `kid` picks from (SPEC X7).
 */
export async function loadTrustedKeys(
  context: Context,
  options: TrustedKeyOptions,
): Promise<TrustedKeys> {
  const given = options.publicKey ?? [];
  if (given.length === 0 && options.keys === undefined) {
    throw usageError("give --public-key (once or more) or --keys FILE");
  }
  if (given.length === 1 && options.keys === undefined) return loadPublicKey(given[0]!);
  const keys: TrustedKey[] = [];
  for (const value of given) keys.push({ publicKey: await loadPublicKey(value) });
  if (options.keys !== undefined) {
    const text = await context.readText(options.keys, "signing keys");
    try {
      keys.push(...trustedKeysFromJson(JSON.parse(text)));
    } catch (error) {
      const reason = isFormatError(error) ? (error as FormatError).message : "not JSON";
      throw new CliError("BAD_KEY", `--keys ${options.keys}: ${reason}`);
    }
  }
  return keys;
}

/** The key type of the first trusted key (for commands that default their algorithm by it). */
export function firstKeyType(keys: TrustedKeys): KeyType | undefined {
  return Array.isArray(keys) ? keys[0]?.publicKey.type : (keys as PublicKey).type;
}

/** A private key file: PEM (PKCS#8 or PKCS#1), DER, Base64 DER, or hex of an Ed25519 seed. */
export async function loadPrivateKey(context: Context, path: string): Promise<PrivateKey> {
  const bytes = await context.readInput(path, "private key");
  const where = path === "-" ? "the private key on stdin" : `private key file '${path}'`;
  if (!isText(bytes)) return withKeyContext(() => parsePrivateKey(bytes), where);
  const text = new TextDecoder().decode(bytes);
  if (/-----BEGIN [A-Z ]*PUBLIC KEY-----/.test(text) && !/PRIVATE KEY-----/.test(text)) {
    throw new CliError("BAD_KEY", `${where} holds a public key; signing needs the private key`);
  }
  return withKeyContext(() => parsePrivateKey(text), where);
}

/** Prefixes a key parsing error with where the key came from. */
function withKeyContext<T>(parse: () => T, where: string): T {
  try {
    return parse();
  } catch (error) {
    if (isFormatError(error)) throw new CliError(error.code, `${where}: ${error.message}`);
    throw error;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readFileOrFail(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw fileError(error, `cannot read ${what} file '${path}'`);
  }
}

function fileError(error: unknown, prefix: string): CliError {
  if (error instanceof CliError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === "ENOENT"
      ? "no such file or directory"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : code === "EISDIR"
          ? "is a directory"
          : code === "EEXIST"
            ? "file exists (use --force)"
            : code === "ENOTDIR"
              ? "not a directory"
              : error instanceof Error
                ? error.message
                : String(error);
  return new CliError("IO_ERROR", `${prefix}: ${reason}`);
}

async function readStream(stream: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function writeStream(stream: OutputStream, data: string | Uint8Array): Promise<void> {
  // Resolves even on error: a closed pipe (`keyward ... | head`) is not worth reporting.
  return new Promise((resolve) => {
    try {
      stream.write(data, () => resolve());
    } catch {
      resolve();
    }
  });
}

export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CliError("BAD_ENCODING", `the ${what} is not UTF-8 text`);
  }
}
