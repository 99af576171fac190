// The audit log (admin tokens): who changed what, when, from where, with the changed fields
// before and after (secrets arrive redacted from the API). Filters are the API's: resource type
// and id, actor (a token or license id) and a time range; pages are the API's cursor pages.
import type { ListItem } from "@keyward/client";
import { type FormEvent, useState } from "react";
import { useListPage } from "../api.js";
import { isoTime, SelectField, TextField, valuesOf } from "../forms.js";
import { useSession } from "../session.js";
import { type Column, formatDate, PagedTable } from "../ui.js";

type AuditEntry = ListItem<"/v1/audit-log">;
type ResourceType = AuditEntry["resource"]["type"];

const RESOURCE_TYPES = valuesOf<ResourceType>({
  organization: true,
  token: true,
  signing_key: true,
  offline_keys: true,
  product: true,
  policy: true,
  license: true,
  machine: true,
  user: true,
  handshake_code: true,
  entitlement: true,
  webhook_endpoint: true,
  usage_alert: true,
});

interface AuditFilters {
  resourceType: ResourceType | "";
  resourceId: string;
  actor: string;
  /** datetime-local values (the browser's time zone); sent as ISO times. */
  since: string;
  until: string;
}

const NO_FILTERS: AuditFilters = {
  resourceType: "",
  resourceId: "",
  actor: "",
  since: "",
  until: "",
};

/** The fields an entry changed: keys of after and before whose values differ. */
function changedFields(entry: AuditEntry): string[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

/** Fields listed by name in a change's summary; more are counted (a creation lists them all). */
const NAMED_FIELDS = 3;

/** A one-line summary: what a creation or deletion holds, or the fields an update changed. */
function summaryOf(entry: AuditEntry, fields: string[]): string {
  const count = `${fields.length} ${fields.length === 1 ? "field" : "fields"}`;
  if (entry.before === null) return `new: ${count}`;
  if (entry.after === null) return `removed: ${count}`;
  if (fields.length <= NAMED_FIELDS) return fields.join(", ");
  return `${fields.slice(0, NAMED_FIELDS).join(", ")} and ${fields.length - NAMED_FIELDS} more`;
}

const COLUMNS: readonly Column<AuditEntry>[] = [
  { header: "When", className: "when", cell: (entry) => formatDate(entry.createdAt) },
  {
    header: "Actor",
    cell: (entry) => (
      <>
        {entry.actor.kind}
        {(entry.actor.tokenId ?? entry.actor.licenseId) ? (
          <span className="mono"> {entry.actor.tokenId ?? entry.actor.licenseId}</span>
        ) : null}
      </>
    ),
  },
  { header: "Action", cell: (entry) => entry.action },
  {
    header: "Resource",
    cell: (entry) => (
      <>
        {entry.resource.type} <span className="mono">{entry.resource.id}</span>
      </>
    ),
  },
  {
    header: "Changes",
    cell: (entry) => {
      const fields = changedFields(entry);
      if (fields.length === 0) return "—";
      return (
        <details>
          <summary>{summaryOf(entry, fields)}</summary>
          <pre className="mono change">
            {fields
              .map(
                (field) =>
                  `${field}: ${JSON.stringify(entry.before?.[field] ?? null)} → ${JSON.stringify(entry.after?.[field] ?? null)}`,
              )
              .join("\n")}
          </pre>
        </details>
      );
    },
  },
  {
    header: "Request",
    cell: (entry) => (
      <>
        <span className="mono">{entry.requestId ?? "—"}</span>
        {entry.sourceIp ? <span className="hint"> from {entry.sourceIp}</span> : null}
      </>
    ),
  },
];

export function AuditLog() {
  const { kind } = useSession();
  const [typed, setTyped] = useState<AuditFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const entries = useListPage("/v1/audit-log", {
    enabled: kind === "admin",
    filters: {
      ...filters,
      since: filters.since && isoTime(filters.since),
      until: filters.until && isoTime(filters.until),
    },
  });
  if (kind !== "admin") {
    return (
      <section>
        <h1>Audit log</h1>
        <p className="state">The audit log is read with an admin token.</p>
      </section>
    );
  }
  const set = (field: keyof AuditFilters) => (value: string) =>
    setTyped((current) => ({ ...current, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    entries.cursor.reset();
    setFilters({
      ...typed,
      resourceId: typed.resourceId.trim(),
      actor: typed.actor.trim(),
    });
  };
  return (
    <section>
      <h1>Audit log</h1>
      <p>
        Every change made through the API, oldest first: who made it, from where, and the fields it
        changed (secrets shown as [redacted]).
      </p>
      <form className="filters" onSubmit={submit} aria-label="Filter the audit log">
        <SelectField
          label="Resource type"
          none="Any type"
          choices={RESOURCE_TYPES}
          value={typed.resourceType}
          onChange={set("resourceType")}
        />
        <TextField label="Resource id" mono value={typed.resourceId} onChange={set("resourceId")} />
        <TextField
          label="Actor"
          mono
          hint="A token or license id"
          value={typed.actor}
          onChange={set("actor")}
        />
        <TextField
          label="Since"
          type="datetime-local"
          value={typed.since}
          onChange={set("since")}
        />
        <TextField
          label="Until"
          type="datetime-local"
          value={typed.until}
          onChange={set("until")}
        />
        <button type="submit">Filter</button>
      </form>
      <PagedTable
        query={entries.query}
        cursor={entries.cursor}
        label="audit entries"
        empty="No audit entries match."
        columns={COLUMNS}
      />
    </section>
  );
}
