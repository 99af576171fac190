import type { ListItem } from "@keyward/client";
import { useState } from "react";
import { useListPage } from "../api.js";
import { SelectField, valuesOf } from "../forms.js";
import { LicenseName, useLicenseNames } from "../license-names.js";
import { type Column, formatDate, PagedTable } from "../ui.js";

type EventType = ListItem<"/v1/events">["type"];

/** Every event type, in the API's order (valuesOf). */
const EVENT_TYPES = valuesOf<EventType>({
  "license.created": true,
  "license.updated": true,
  "license.deleted": true,
  "license.suspended": true,
  "license.reinstated": true,
  "license.renewed": true,
  "license.revoked": true,
  "license.expired": true,
  "license.checked_in": true,
  "license.validation.succeeded": true,
  "license.validation.failed": true,
  "machine.activated": true,
  "machine.deactivated": true,
  "machine.culled": true,
  "machine.heartbeat.first": true,
  "license.consumed": true,
  "offline.activated": true,
  "offline.deactivated": true,
  "machine.released": true,
  "trial.issued": true,
  "usage.alert": true,
  "usage.alert.acknowledged": true,
  "webhook.endpoint.disabled": true,
  "user.created": true,
  "user.updated": true,
  "user.deleted": true,
});

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

/** A page of events (of one license, of one type), newest first, with the pager. */
export function EventList(props: { licenseId?: string; type?: EventType | "" }) {
  const { licenseId, type } = props;
  const events = useListPage("/v1/events", { filters: { licenseId, type, order: "desc" } });
  // A license's own timeline need not name it.
  const names = useLicenseNames(
    licenseId ? [] : (events.query.data?.data ?? []).map((event) => event.licenseId),
  );
  const license: Column<Event> = {
    header: "License",
    cell: (event) => (event.licenseId ? <LicenseName license={names(event.licenseId)} /> : "—"),
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
