import type { ListItem } from "@keyward/client";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useSession } from "../session.js";
import { Field, formatDate, Pager, QueryView, TableWrap, useCursor } from "../ui.js";

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
        <Field label="Type">
          {(ids) => (
            <select
              id={ids.id}
              value={type}
              onChange={(event) => setType(event.target.value as EventType | "")}
            >
              <option value="">Any type</option>
              {EVENT_TYPES.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <EventList type={type || undefined} />
    </section>
  );
}

/** A page of events (of one license, of one type), with the pager. */
export function EventList(props: { licenseId?: string; type?: EventType | undefined }) {
  const { client } = useSession();
  const cursor = useCursor();
  const { licenseId, type } = props;
  const events = useQuery({
    queryKey: ["events", licenseId, type, cursor.cursor],
    queryFn: () =>
      client.GET("/v1/events", {
        params: {
          query: {
            ...(licenseId ? { licenseId } : {}),
            ...(type ? { type } : {}),
            ...(cursor.cursor ? { cursor: cursor.cursor } : {}),
          },
        },
      }),
  });
  return (
    <QueryView
      query={events}
      label="events"
      empty={(page) => (page.data.length === 0 ? "No events." : null)}
    >
      {(page) => (
        <>
          <TableWrap label="Events table">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Event</th>
                  {licenseId ? null : <th scope="col">License</th>}
                  <th scope="col">Machine</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((event) => (
                  <tr key={event.id}>
                    <td>{formatDate(event.createdAt)}</td>
                    <td>{event.type}</td>
                    {licenseId ? null : (
                      <td className="mono">
                        {event.licenseId ? (
                          <Link to="/licenses/$id" params={{ id: event.licenseId }}>
                            {event.licenseId}
                          </Link>
                        ) : (
                          "—"
                        )}
                      </td>
                    )}
                    <td className="mono">{event.machineId ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pager cursor={cursor} nextCursor={page.nextCursor} />
        </>
      )}
    </QueryView>
  );
}
