// The admin commands, as data: one entry per resource of the HTTP API says where it lives, what
// its human table shows, which flags create and update take, and its actions. commands.ts turns
// the table into commander commands; admin.happy.test.ts checks that together they reach every
// admin operation of the OpenAPI document, and that every flag is a field of its operation.
// This module is plain data, loaded by every `keyward` run: it imports nothing.

/**
 * How a flag's text becomes a JSON value:
 * - `string`, `int` (an integer), `bool` (`--x` / `--no-x`), `json` (a JSON value, or @file),
 *   `list` (comma-separated strings);
 * - `license`: a license id, or a license key, resolved to its id;
 * - a trailing `?`: `none` sends null (clears the field).
 */
export type FieldType =
  | "string"
  | "string?"
  | "int"
  | "int?"
  | "bool"
  | "json"
  | "list"
  | "license";

/** Flags by the body (or query) field they set, camelCase as in the API: `maxMachines` is --max-machines. */
export type Fields = Readonly<Record<string, FieldType>>;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A command beyond list/get/create/update/delete: `keyward licenses suspend ID`. */
export interface Action {
  name: string;
  summary: string;
  method: HttpMethod;
  /** With `{id}`: the command takes the ID argument (a license key too, on licenses). */
  path: string;
  /** Body flags (with `--data` for the whole body). */
  body?: Fields;
  /** Body flags that must be given (unless `--data` has them). */
  required?: readonly string[];
  /** Query flags. */
  query?: Fields;
  /** The answer is a page of items (`--all` follows the cursors). */
  list?: boolean;
  /** The answer's `data.certificate` is a license or machine file: written to --out. */
  certificate?: boolean;
  /** The ID argument goes into the body under this name (the path has no `{id}`). */
  idInBody?: string;
  /** The human table's columns for a list answer; default: the resource's. */
  columns?: readonly string[];
}

export interface Resource {
  /** The command group: `keyward licenses …`. */
  name: string;
  /** One of them, for messages: "license". */
  singular: string;
  summary: string;
  /** The collection's path, e.g. /v1/licenses; items are at `<path>/{id}`. */
  path: string;
  /** Which of list/get/create/update/delete the API has (a singleton has no id). */
  crud: readonly ("list" | "get" | "create" | "update" | "delete")[];
  /** A singleton (the organization): get and update take no id. */
  singleton?: boolean;
  /** `list` answers every item at once (no pages, no cursor). */
  unpaged?: boolean;
  /** Fields shown by `list` in the human table (every field: `--json`). */
  columns: readonly string[];
  /** Flags of `list` that filter (query parameters). */
  filters?: Fields;
  /** Flags of `create`. */
  create?: Fields;
  /** Flags `create` requires (unless `--data` has them). */
  required?: readonly string[];
  /** Flags of `update`. */
  update?: Fields;
  /**
   * Flags not named after their field, by field: `{ url: "endpoint-url" }` makes `url`
   * `--endpoint-url`, for a field whose own flag every admin command already has (`--url`, the
   * server). The request still sends the field under its own name.
   */
  flags?: Readonly<Record<string, string>>;
  /** Another name for `delete` (machines: deactivate). */
  deleteAlias?: string;
  actions?: readonly Action[];
}

const ENTITLEMENT_IDS: Fields = { entitlementIds: "list" };

/** Entitlements attached to a license or a policy: list, attach, detach. */
function entitlementActions(path: string): Action[] {
  return [
    {
      name: "entitlements",
      summary: "list the entitlements attached",
      method: "GET",
      path: `${path}/{id}/entitlements`,
      list: true,
      columns: ["id", "code", "name"],
    },
    {
      name: "attach-entitlements",
      summary: "attach entitlements (--entitlement-ids a,b)",
      method: "POST",
      path: `${path}/{id}/entitlements`,
      body: ENTITLEMENT_IDS,
      required: ["entitlementIds"],
      columns: ["id", "code", "name"],
    },
    {
      name: "detach-entitlements",
      summary: "detach entitlements (--entitlement-ids a,b)",
      method: "DELETE",
      path: `${path}/{id}/entitlements`,
      body: ENTITLEMENT_IDS,
      required: ["entitlementIds"],
      columns: ["id", "code", "name"],
    },
  ];
}

const TRACKABLE_RULES: Fields = {
  deviceModel: "string",
  inactiveDays: "int",
  seatSeconds: "int",
  period: "string",
  featureQuotas: "json",
  alertThresholds: "json",
};

/** A product's, policy's or license's trackable settings: show and replace. */
function trackableActions(path: string, body: Fields, required: string[] = []): Action[] {
  return [
    {
      name: "trackable",
      summary: "show the trackable (usage) settings",
      method: "GET",
      path: `${path}/{id}/trackable`,
    },
    {
      name: "set-trackable",
      summary: "replace the trackable (usage) settings",
      method: "PUT",
      path: `${path}/{id}/trackable`,
      body,
      required,
    },
  ];
}

const CHECKOUT: Fields = { algorithm: "string", ttlSeconds: "int", include: "list" };

const POLICY_RULES: Fields = {
  name: "string",
  model: "string",
  durationSeconds: "int?",
  floating: "bool",
  maxMachines: "int?",
  maxUses: "int?",
  overage: "json",
  heartbeat: "json",
  leaseDurationSeconds: "int",
  offlineGraceSeconds: "int",
  scheme: "string?",
  expirationStrategy: "string",
  expirationBasis: "string",
  checkInIntervalSeconds: "int?",
  minVersion: "string?",
  maxVersion: "string?",
  metadata: "json",
};

const licenseAction = (name: string, summary: string): Action => ({
  name,
  summary,
  method: "POST",
  path: `/v1/licenses/{id}/actions/${name}`,
});

export const RESOURCES: readonly Resource[] = [
  {
    name: "products",
    singular: "product",
    summary: "the products you license",
    path: "/v1/products",
    crud: ["list", "get", "create", "update", "delete"],
    columns: ["id", "name", "code", "createdAt"],
    create: {
      name: "string",
      code: "string?",
      platforms: "list",
      appIdentifiers: "list",
      metadata: "json",
    },
    required: ["name"],
    update: {
      name: "string",
      code: "string?",
      platforms: "list",
      appIdentifiers: "list",
      metadata: "json",
    },
    actions: trackableActions("/v1/products", { publicTrialPolicyId: "string?" }, [
      "publicTrialPolicyId",
    ]),
  },
  {
    name: "policies",
    singular: "policy",
    summary: "the rules licenses are issued under (model, seats, expiry, key scheme)",
    path: "/v1/policies",
    crud: ["list", "get", "create", "update", "delete"],
    columns: ["id", "productId", "name", "model", "maxMachines", "scheme"],
    filters: { productId: "string" },
    create: { productId: "string", ...POLICY_RULES },
    required: ["productId", "name"],
    update: POLICY_RULES,
    actions: [
      ...entitlementActions("/v1/policies"),
      ...trackableActions("/v1/policies", TRACKABLE_RULES),
      {
        name: "create-private-trial",
        summary: "issue a private trial license under this trackable policy",
        method: "POST",
        path: "/v1/trackable/private-trials",
        idInBody: "policyId",
      },
    ],
  },
  {
    name: "licenses",
    singular: "license",
    summary: "license keys issued under a policy, and their actions",
    path: "/v1/licenses",
    crud: ["list", "get", "create", "update", "delete"],
    columns: ["id", "name", "status", "expiresAt", "key"],
    filters: {
      productId: "string",
      policyId: "string",
      userId: "string",
      metadata: "json",
      handshakeCodeId: "string",
      status: "string",
      q: "string",
      expiresBefore: "string",
      expiresAfter: "string",
    },
    create: {
      productId: "string",
      policyId: "string",
      userId: "string",
      expiresAt: "string?",
      name: "string",
      key: "string",
      importedKey: "string",
      overrides: "json",
      metadata: "json",
    },
    required: ["policyId"],
    update: {
      name: "string",
      userId: "string?",
      policyId: "string",
      overrides: "json",
      metadata: "json",
      expiresAt: "string?",
    },
    actions: [
      licenseAction("suspend", "suspend the license (idempotent)"),
      licenseAction("reinstate", "lift a suspension (idempotent)"),
      licenseAction("renew", "extend the expiry by the policy's duration"),
      licenseAction("revoke", "revoke the license for good"),
      licenseAction("check-in", "record a check-in"),
      {
        name: "validate",
        summary: "validate the license (optionally for a machine: --data '{\"scope\":{…}}')",
        method: "POST",
        path: "/v1/licenses/{id}/actions/validate",
        body: { scope: "json" },
      },
      {
        name: "consume",
        summary: "record uses of a consumption license (--uses N)",
        method: "POST",
        path: "/v1/licenses/{id}/actions/consume",
        body: { uses: "int" },
        required: ["uses"],
      },
      {
        name: "checkout",
        summary: "check out a signed license file (--out license.lic)",
        method: "POST",
        path: "/v1/licenses/{id}/actions/check-out",
        body: CHECKOUT,
        certificate: true,
      },
      {
        name: "create-token",
        summary: "issue a license token (printed once)",
        method: "POST",
        path: "/v1/licenses/{id}/tokens",
        body: { name: "string", expiresAt: "string" },
      },
      {
        name: "bind-handshake-code",
        summary: "bind a handshake code to the license",
        method: "POST",
        path: "/v1/licenses/{id}/actions/bind-handshake-code",
        body: { handshakeCodeId: "string" },
        required: ["handshakeCodeId"],
      },
      {
        name: "unbind-handshake-code",
        summary: "unbind the license's handshake code",
        method: "POST",
        path: "/v1/licenses/{id}/actions/unbind-handshake-code",
      },
      {
        name: "usage",
        summary: "usage reports of a trackable license",
        method: "GET",
        path: "/v1/licenses/{id}/usage",
        query: {
          groupBy: "string",
          from: "string",
          to: "string",
          deviceId: "string",
          feature: "string",
        },
      },
      {
        name: "quota",
        summary: "feature quotas of a trackable license and their use",
        method: "GET",
        path: "/v1/licenses/{id}/quota",
      },
      {
        name: "counts",
        summary: "count licenses by status (all, or --product-id's)",
        method: "GET",
        path: "/v1/licenses/counts",
        query: { productId: "string" },
      },
      ...entitlementActions("/v1/licenses"),
      ...trackableActions("/v1/licenses", TRACKABLE_RULES),
    ],
  },
  {
    name: "machines",
    singular: "machine",
    summary: "devices activated on licenses",
    path: "/v1/machines",
    crud: ["list", "get", "create", "update", "delete"],
    columns: ["id", "licenseId", "fingerprint", "name", "platform", "createdAt"],
    filters: {
      licenseId: "license",
      productId: "string",
      userId: "string",
      fingerprint: "string",
      metadata: "json",
    },
    create: {
      licenseId: "license",
      fingerprint: "string",
      name: "string",
      platform: "string",
      osVersion: "string",
      appIdentifier: "string",
      appVersion: "string",
      variables: "json",
      metadata: "json",
      productId: "string",
    },
    required: ["licenseId", "fingerprint"],
    update: { name: "string?", metadata: "json", variables: "json" },
    deleteAlias: "deactivate",
    actions: [
      {
        name: "heartbeat",
        summary: "record a heartbeat of the machine",
        method: "POST",
        path: "/v1/machines/{id}/actions/heartbeat",
      },
      {
        name: "checkout",
        summary: "check out a signed machine file (--out machine.lic)",
        method: "POST",
        path: "/v1/machines/{id}/actions/check-out",
        body: CHECKOUT,
        certificate: true,
      },
      {
        name: "proof",
        summary: "make an activation proof of the machine",
        method: "POST",
        path: "/v1/machines/{id}/actions/proof",
        body: { algorithm: "string" },
      },
      {
        name: "counts",
        summary: "count activated machines by heartbeat state (all, or --product-id's)",
        method: "GET",
        path: "/v1/machines/counts",
        query: { productId: "string" },
      },
    ],
  },
  {
    name: "users",
    singular: "user",
    summary: "your customers' users (license owners, offline activation by username)",
    path: "/v1/users",
    crud: ["list", "get", "create", "update", "delete"],
    columns: ["id", "email", "username", "name", "createdAt"],
    filters: { email: "string", metadata: "json" },
    create: {
      email: "string",
      username: "string",
      name: "string",
      password: "string",
      metadata: "json",
    },
    update: {
      email: "string",
      username: "string?",
      name: "string?",
      password: "string?",
      metadata: "json",
    },
  },
  {
    name: "tokens",
    singular: "token",
    summary: "admin and product API tokens (license tokens: `keyward licenses create-token`)",
    path: "/v1/tokens",
    crud: ["list", "get", "create"],
    columns: ["id", "kind", "scope", "name", "productId", "licenseId", "expiresAt", "revokedAt"],
    create: {
      kind: "string",
      scope: "string",
      name: "string",
      productId: "string",
      expiresAt: "string",
    },
    required: ["kind"],
    actions: [
      {
        name: "revoke",
        summary: "revoke the token",
        method: "DELETE",
        path: "/v1/tokens/{id}",
      },
      {
        name: "current",
        summary: "the calling token: its kind, organization, product and scope",
        method: "GET",
        path: "/v1/tokens/current",
      },
    ],
  },
  {
    name: "handshake-codes",
    singular: "handshake code",
    summary: "handshake codes of trackable (LicenseSpring-style) apps",
    path: "/v1/handshake-codes",
    crud: ["list", "get", "create", "update", "delete"],
    columns: ["id", "code", "name", "isDefault", "createdAt"],
    create: {
      code: "string",
      name: "string",
      sessionPassword: "string",
      isDefault: "bool",
      validationFields: "json",
      metadata: "json",
    },
    required: ["code"],
    update: {
      name: "string?",
      sessionPassword: "string?",
      isDefault: "bool",
      validationFields: "json",
      metadata: "json",
    },
  },
  {
    name: "entitlements",
    singular: "entitlement",
    summary: "features a license or policy may carry (attach them there)",
    path: "/v1/entitlements",
    crud: ["list", "get", "create", "update", "delete"],
    columns: ["id", "code", "name", "createdAt"],
    create: { code: "string", name: "string", metadata: "json" },
    required: ["code", "name"],
    update: { code: "string", name: "string", metadata: "json" },
  },
  {
    name: "events",
    singular: "event",
    summary: "the audit trail: license and machine events (--order desc: newest first)",
    path: "/v1/events",
    crud: ["list"],
    columns: ["id", "type", "licenseId", "machineId", "createdAt"],
    filters: { type: "string", licenseId: "license", machineId: "string", order: "string" },
  },
  {
    name: "webhook-endpoints",
    singular: "webhook endpoint",
    summary: "URLs the organization's events are POSTed to, signed (secret shown on create)",
    path: "/v1/webhook-endpoints",
    crud: ["list", "get", "create", "update", "delete"],
    columns: ["id", "url", "enabled", "eventTypes", "failingSince", "createdAt"],
    create: { url: "string", description: "string?", eventTypes: "list", enabled: "bool" },
    required: ["url"],
    update: { url: "string", description: "string?", eventTypes: "list", enabled: "bool" },
    flags: { url: "endpoint-url" },
    actions: [
      {
        name: "rotate-secret",
        summary:
          "make a new signing secret (shown once; the old one signs --keep-previous-seconds more)",
        method: "POST",
        path: "/v1/webhook-endpoints/{id}/actions/rotate-secret",
        body: { keepPreviousSeconds: "int" },
      },
      {
        name: "deliveries",
        summary: "the endpoint's delivery log (--status pending|succeeded|failed)",
        method: "GET",
        path: "/v1/webhook-endpoints/{id}/deliveries",
        query: { status: "string" },
        list: true,
        columns: ["id", "eventType", "status", "attempts", "lastStatusCode", "nextAttemptAt"],
      },
    ],
  },
  {
    name: "webhook-deliveries",
    singular: "webhook delivery",
    summary: "one webhook delivery (list them with `keyward webhook-endpoints deliveries ID`)",
    path: "/v1/webhook-deliveries",
    crud: ["get"],
    columns: ["id", "eventType", "status", "attempts", "lastStatusCode", "nextAttemptAt"],
    actions: [
      {
        name: "redeliver",
        summary: "send it again soon, with the same webhook-id",
        method: "POST",
        path: "/v1/webhook-deliveries/{id}/actions/redeliver",
      },
    ],
  },
  {
    name: "stats",
    singular: "statistic",
    summary: "validations, usage and activations per day (the dashboard's charts)",
    path: "/v1/stats",
    crud: [],
    columns: ["day", "code", "count"],
    actions: [
      {
        name: "validations",
        summary: "validations per day and code (--from/--to YYYY-MM-DD, default 30 days)",
        method: "GET",
        path: "/v1/stats/validations",
        query: { from: "string", to: "string", productId: "string", licenseId: "license" },
      },
      {
        name: "usage",
        summary: "uses per day and feature of trackable licenses (--from/--to as validations)",
        method: "GET",
        path: "/v1/stats/usage",
        query: {
          from: "string",
          to: "string",
          productId: "string",
          licenseId: "license",
          feature: "string",
        },
        columns: ["day", "feature", "count"],
      },
      {
        name: "activations",
        summary: "machines activated and gone per day (events: the retention window at most)",
        method: "GET",
        path: "/v1/stats/activations",
        query: { from: "string", to: "string", productId: "string" },
        columns: ["day", "type", "count"],
      },
    ],
  },
  {
    name: "usage-alerts",
    singular: "usage alert",
    summary:
      "quota thresholds trackable licenses crossed (--state open: not acknowledged, this period)",
    path: "/v1/usage-alerts",
    crud: ["list", "get"],
    columns: ["id", "licenseId", "metric", "threshold", "used", "limit", "period", "state"],
    filters: { state: "string", licenseId: "license", productId: "string" },
    actions: [
      {
        name: "acknowledge",
        summary: "mark it seen: it leaves the open alerts",
        method: "POST",
        path: "/v1/usage-alerts/{id}/actions/acknowledge",
      },
    ],
  },
  {
    name: "audit-log",
    singular: "audit entry",
    summary: "who changed what: one entry per admin change, secrets redacted (read-only)",
    path: "/v1/audit-log",
    crud: ["list"],
    columns: ["id", "createdAt", "action", "resource", "actor", "sourceIp"],
    filters: {
      resourceType: "string",
      resourceId: "string",
      actor: "string",
      since: "string",
      until: "string",
    },
  },
  {
    name: "signing-keys",
    singular: "signing key",
    summary: "the organization's signing keys (public halves) and their rotation",
    path: "/v1/signing-keys",
    crud: ["list", "create"],
    unpaged: true,
    columns: ["id", "algorithm", "state", "createdAt", "retiredAt", "publicKey"],
    create: { algorithm: "string" },
    required: ["algorithm"],
    actions: [
      {
        name: "rotate",
        summary: "switch signing to the next key (created when there is none); retires the active",
        method: "POST",
        path: "/v1/signing-keys/actions/rotate",
        body: { algorithm: "string" },
        required: ["algorithm"],
      },
      {
        name: "activate",
        summary: "switch signing to a next key; retires the active one",
        method: "POST",
        path: "/v1/signing-keys/{id}/actions/activate",
      },
      {
        name: "retire",
        summary: "retire a next key that will not be used",
        method: "POST",
        path: "/v1/signing-keys/{id}/actions/retire",
      },
    ],
  },
  {
    name: "organization",
    singular: "organization",
    summary: "your organization and its offline activation keys",
    path: "/v1/organization",
    singleton: true,
    crud: ["get", "update"],
    columns: ["id", "name", "createdAt"],
    update: { name: "string" },
    actions: [
      {
        name: "offline-keys",
        summary: "show the offline activation keys",
        method: "GET",
        path: "/v1/organization/offline-keys",
      },
      {
        name: "create-offline-keys",
        summary: "create the offline activation keys",
        method: "POST",
        path: "/v1/organization/offline-keys",
      },
      {
        name: "rotate-offline-keys",
        summary:
          "replace the offline activation keys (the old ones verify --keep-previous-seconds more)",
        method: "POST",
        path: "/v1/organization/offline-keys/actions/rotate",
        body: { keepPreviousSeconds: "int" },
      },
    ],
  },
];
