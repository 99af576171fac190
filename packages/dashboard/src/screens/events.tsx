import type { ListItem } from "@keyward/client";
import { useState } from "react";
import { useListPage } from "../api.js";
import { SelectField } from "../forms.js";
import { type Column, formatDate, LicenseLink, PagedTable } from "../ui.js";

type EventType = ListItem<"/v1/events">["type"];

const EVENT_TYPES: readonly EventType[] = [
  "license.created",
  "license.updated",
  "license.deleted",
  "license.suspended",
  "license.reinstated",
  "license.renewed",
  "license.revoked",
  "license.expired",
  "license.checked_in",
  "license.validation.succeeded",
  "license.validation.failed",
  "license.consumed",
  "machine.activated",
  "machine.deactivated",
  "machine.culled",
  "machine.heartbeat.first",
  "machine.released",
  "offline.activated",
  "offline.deactivated",
  "trial.issued",
  "usage.alert",
  "webhook.endpoint.disabled",
];

/** The organization's event log (admin tokens), newest first, filtered by type. */
export function Events() {
  const [type, setType] = useState<EventType | "">("");
  return (
    <section>
      <h1>Events</h1>
      <div className="filters">
        <SelectField
          label="Type"
          none="Any type"
          choices={EVENT_TYPES}
          value={type}
          onChange={(value) => setType(value as EventType | "")}
        />
      </div>
      <EventList type={type} />
    </section>
  );
}

type Event = ListItem<"/v1/events">;

/** A page of events (of one license, of one type), with the pager. */
export function EventList(props: { licenseId?: string; type?: EventType | "" }) {
  const { licenseId, type } = props;
  const events = useListPage("/v1/events", { filters: { licenseId, type } });
  const license: Column<Event> = {
    header: "License",
    className: "mono",
    cell: (event) => (event.licenseId ? <LicenseLink license={{ id: event.licenseId }} /> : "—"),
  };
  return (
    <PagedTable
      query={events.query}
      cursor={events.cursor}
      label="events"
      empty="No events."
      columns={[
        { header: "When", cell: (event) => formatDate(event.createdAt) },
        { header: "Event", cell: (event) => event.type },
        ...(licenseId ? [] : [license]),
        { header: "Machine", className: "mono", cell: (event) => event.machineId ?? "—" },
      ]}
    />
  );
}
