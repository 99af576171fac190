import { type Command, Option } from "commander";
import { helpText } from "../help.js";
import type { Context } from "../io.js";
import { type Action, type Fields, RESOURCES, type Resource } from "./resources.js";

/**
 * One admin operation as the runner (session.ts) performs it: built here from the resource
 * table, so that the runner needs no commander and the table no HTTP.
 */
export interface Operation {
  resource: Resource;
  /** list, get, create, update, delete, or an action's name. */
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The path, with `{id}` where the ID argument goes. */
  path: string;
  body?: Fields;
  required?: readonly string[];
  query?: Fields;
  list?: boolean;
  certificate?: boolean;
  idInBody?: string;
  columns: readonly string[];
  /** The command takes an ID argument: a license's id or key when `argument` is "license". */
  argument: "none" | "id" | "license";
}

/** Every admin operation the table describes, in command order. */
export function adminOperations(): Operation[] {
  return RESOURCES.flatMap(resourceOperations);
}

function resourceOperations(resource: Resource): Operation[] {
  const item = resource.singleton ? resource.path : `${resource.path}/{id}`;
  const base = { resource, columns: resource.columns };
  const crud: Record<Resource["crud"][number], Omit<Operation, "argument">> = {
    list: { ...base, name: "list", method: "GET", path: resource.path, list: !resource.unpaged },
    get: { ...base, name: "get", method: "GET", path: item },
    create: {
      ...base,
      name: "create",
      method: "POST",
      path: resource.path,
      body: resource.create ?? {},
      required: resource.required ?? [],
    },
    update: { ...base, name: "update", method: "PATCH", path: item, body: resource.update ?? {} },
    delete: { ...base, name: "delete", method: "DELETE", path: item },
  };
  const operations: Omit<Operation, "argument">[] = [
    ...resource.crud.map((name) => crud[name]),
    ...(resource.actions ?? []).map((action: Action) => ({
      ...base,
      ...action,
      columns: action.columns ?? resource.columns,
    })),
  ];
  return operations.map((operation) => ({ ...operation, argument: argumentOf(operation) }));
}

function argumentOf(operation: Omit<Operation, "argument">): Operation["argument"] {
  if (operation.idInBody !== undefined) return "id";
  if (!operation.path.includes("{id}")) return "none";
  return operation.resource.name === "licenses" ? "license" : "id";
}

const CONNECTION_HELP =
  "The server and token come from --url / --token, else KEYWARD_URL / KEYWARD_TOKEN, else the\n" +
  "profile `keyward login` saved. Tables by default; --json prints the API's answer as is.\n" +
  "A refusal prints the API's code, e.g. `keyward: error: license … not found\n" +
  "(LICENSE_NOT_FOUND)`, and exits 20; an unreachable server exits 21 (docs/cli.md).";

/** `--max-machines` for `maxMachines`. */
export function flagName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** A field's flag on a resource's commands: flagName's, unless the resource names it otherwise. */
export function fieldFlag(resource: Resource, field: string): string {
  return resource.flags?.[field] ?? flagName(field);
}

/** Where commander puts a field's flag value: under the field, or its flag's camelCase name. */
export function optionKey(resource: Resource, field: string): string {
  const flag = resource.flags?.[field];
  return flag === undefined
    ? field
    : flag.replace(/-([a-z0-9])/g, (_, next: string) => next.toUpperCase());
}

const TYPE_NOTES: Record<string, string> = {
  "string?": "none: clear",
  int: "integer",
  "int?": "integer; none: clear",
  json: "JSON, or @file",
  list: "comma-separated",
  license: "a license id or key",
};

function addFieldOptions(
  command: Command,
  resource: Resource,
  fields: Fields | undefined,
  required: readonly string[] = [],
): void {
  for (const [field, type] of Object.entries(fields ?? {})) {
    const flag = fieldFlag(resource, field);
    if (type === "bool") {
      command.option(`--${flag}`, `${field}: true`).option(`--no-${flag}`, `${field}: false`);
    } else {
      const notes = [TYPE_NOTES[type], required.includes(field) ? "required" : undefined];
      const note = notes.filter((text) => text !== undefined).join("; ");
      command.option(`--${flag} <value>`, note === "" ? field : `${field} (${note})`);
    }
  }
}

function addConnectionOptions(command: Command): void {
  command
    .option("--url <url>", "the server (default: KEYWARD_URL, else the login profile)")
    .option("--token <token>", "an admin token (default: KEYWARD_TOKEN, else the login profile)")
    .addOption(new Option("--profile <name>", "the login profile to use").env("KEYWARD_PROFILE"))
    .option("--json", "print the API's JSON answer instead of a table");
}

/** The runner, loaded only when an admin command runs: offline commands never load the client. */
async function run(context: Context, operation: Operation, args: unknown[]): Promise<void> {
  const { runOperation } = await import("./session.js");
  const command = args.at(-1) as Command;
  const id = operation.argument === "none" ? null : (args[0] as string);
  await runOperation(context, operation, id, command.opts());
}

function registerOperation(group: Command, operation: Operation, context: Context): void {
  const { resource } = operation;
  const command = group.command(operation.name).description(describe(operation));
  if (operation.argument !== "none") {
    const what = operation.argument === "license" ? "id or key" : "id";
    command.argument("<id>", `the ${resource.singular}'s ${what}`);
  }
  if (operation.name === "delete" && resource.deleteAlias) command.alias(resource.deleteAlias);
  if (operation.name === "list") addFieldOptions(command, resource, resource.filters);
  if (operation.list) {
    command
      .option("--all", "follow the cursors: every page")
      .option("--limit <n>", "items per page, 1–100 (default 25)")
      .option("--cursor <cursor>", "start at this page (nextCursor of the previous one)");
  }
  addFieldOptions(command, resource, operation.query);
  addFieldOptions(command, resource, operation.body, operation.required);
  if (operation.body !== undefined) {
    command.option("--data <json>", "the whole request body as JSON, or @file.json; flags win");
  }
  if (operation.method === "POST") {
    command.option(
      "--idempotency-key <key>",
      "sent as Idempotency-Key: a retry with the same key is done once, answered alike",
    );
  }
  if (operation.certificate) {
    command.option("-o, --out <file>", "write the file's certificate here (default: stdout)");
  }
  addConnectionOptions(command);
  command.addHelpText("after", helpText(`\n${CONNECTION_HELP}`));
  command.action((...args: unknown[]) => run(context, operation, args));
}

function describe(operation: Operation): string {
  const { resource, name } = operation;
  const what = resource.singular;
  const known: Record<string, string> = {
    list: `list ${resource.name}`,
    get: `show a ${what}`,
    create: `create a ${what}`,
    update: `change a ${what}'s fields`,
    delete: `delete a ${what}`,
  };
  const action = resource.actions?.find((candidate) => candidate.name === name);
  return action?.summary ?? known[name] ?? name;
}

/**
 * `keyward products|policies|licenses|…`: the admin commands, one group per resource of the
 * table, and `keyward login` / `logout`.
 */
export function registerAdminCommands(program: Command, context: Context): void {
  // A group's commands (about a hundred, with a thousand options) are built only when the group
  // runs or shows its help: registering them all costs every `keyward` start 10-30 ms.
  const fillers = new Map<Command, () => void>();
  for (const resource of RESOURCES) {
    const group = program.command(resource.name).description(`admin: ${resource.summary}`);
    let filled = false;
    const fill = () => {
      if (filled) return;
      filled = true;
      for (const operation of resourceOperations(resource)) {
        registerOperation(group, operation, context);
      }
    };
    fillers.set(group, fill);
    group.on("beforeHelp", fill); // `keyward help licenses` shows the help without dispatching
  }
  program.hook("preSubcommand", (_program, subcommand) => fillers.get(subcommand)?.());

  program
    .command("login")
    .summary("save a server URL and admin token for the admin commands")
    .description(
      "Check the token against the server (GET /v1/organization) and save the URL and token in\n" +
        "the profile file, mode 0600: $XDG_CONFIG_HOME/keyward/profiles.json (default\n" +
        "~/.config/keyward; on Windows %APPDATA%\\keyward). The token comes from --token, else\n" +
        "KEYWARD_TOKEN, else stdin (so it stays out of the shell's history).",
    )
    .option("--url <url>", "the server (default: KEYWARD_URL)")
    .option("--token <token>", "an admin token (default: KEYWARD_TOKEN, else stdin)")
    .addOption(
      new Option("--profile <name>", "save under this name (default: default)").env(
        "KEYWARD_PROFILE",
      ),
    )
    .action(async (options: { url?: string; token?: string; profile?: string }) => {
      const { login } = await import("./session.js");
      await login(context, options);
    });

  program
    .command("logout")
    .summary("forget a saved profile (its token)")
    .addOption(
      new Option("--profile <name>", "the profile (default: default)").env("KEYWARD_PROFILE"),
    )
    .action(async (options: { profile?: string }) => {
      const { logout } = await import("./session.js");
      await logout(context, options);
    });
}
