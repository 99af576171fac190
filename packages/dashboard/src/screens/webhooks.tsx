import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSession } from "../session.js";
import {
  ErrorNotice,
  Field,
  FormError,
  fieldErrors,
  formatDate,
  Pager,
  QueryView,
  TableWrap,
  useCursor,
} from "../ui.js";

/** Webhook endpoints (admin tokens): create (the secret shows once), enable, rotate, delete. */
export function Webhooks() {
  const { client, kind } = useSession();
  const queryClient = useQueryClient();
  const cursor = useCursor();
  const [secret, setSecret] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const endpoints = useQuery({
    queryKey: ["webhook-endpoints", "page", cursor.cursor],
    enabled: kind === "admin",
    queryFn: () =>
      client.GET("/v1/webhook-endpoints", {
        params: { query: cursor.cursor ? { cursor: cursor.cursor } : {} },
      }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["webhook-endpoints"] });
  const toggle = useMutation({
    mutationFn: (endpoint: { id: string; enabled: boolean }) =>
      client.PATCH("/v1/webhook-endpoints/{id}", {
        params: { path: { id: endpoint.id } },
        body: { enabled: !endpoint.enabled },
      }),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: (id: string) =>
      client.POST("/v1/webhook-endpoints/{id}/actions/rotate-secret", {
        params: { path: { id } },
      }),
    onSuccess: ({ data }) => {
      setSecret(data.secret);
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      client.DELETE("/v1/webhook-endpoints/{id}", { params: { path: { id } } }),
    onSuccess: refresh,
  });
  if (kind !== "admin") {
    return (
      <section>
        <h1>Webhooks</h1>
        <p className="state">Webhooks are managed with an admin token.</p>
      </section>
    );
  }
  const failed = toggle.error ?? rotate.error ?? remove.error;
  return (
    <section>
      <h1>Webhooks</h1>
      <CreateEndpoint onSecret={setSecret} />
      {secret ? <SecretNotice secret={secret} onDone={() => setSecret(null)} /> : null}
      <h2>Endpoints</h2>
      {failed ? <ErrorNotice error={failed} what="Could not change the endpoint" /> : null}
      <QueryView
        query={endpoints}
        label="webhook endpoints"
        empty={(page) => (page.data.length === 0 ? "No webhook endpoints." : null)}
      >
        {(page) => (
          <>
            <TableWrap label="Webhook endpoints table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">URL</th>
                    <th scope="col">Events</th>
                    <th scope="col">State</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((endpoint) => (
                    <tr key={endpoint.id}>
                      <td className="mono">{endpoint.url}</td>
                      <td>{endpoint.eventTypes.length ? endpoint.eventTypes.join(", ") : "all"}</td>
                      <td>
                        {endpoint.enabled
                          ? endpoint.failingSince
                            ? `failing since ${formatDate(endpoint.failingSince)}`
                            : "enabled"
                          : `disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ""}`}
                      </td>
                      <td>
                        <div className="actions">
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => setShown(shown === endpoint.id ? null : endpoint.id)}
                            aria-label={`Deliveries of ${endpoint.url}`}
                          >
                            Deliveries
                          </button>
                          <button
                            type="button"
                            className="secondary"
                            disabled={toggle.isPending}
                            onClick={() => toggle.mutate(endpoint)}
                            aria-label={`${endpoint.enabled ? "Disable" : "Enable"} ${endpoint.url}`}
                          >
                            {endpoint.enabled ? "Disable" : "Enable"}
                          </button>
                          <button
                            type="button"
                            className="secondary"
                            disabled={rotate.isPending}
                            onClick={() => rotate.mutate(endpoint.id)}
                            aria-label={`Rotate secret of ${endpoint.url}`}
                          >
                            Rotate secret
                          </button>
                          <button
                            type="button"
                            className="danger"
                            disabled={remove.isPending}
                            onClick={() => remove.mutate(endpoint.id)}
                            aria-label={`Delete ${endpoint.url}`}
                          >
                            Delete
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pager cursor={cursor} nextCursor={page.nextCursor} />
          </>
        )}
      </QueryView>
      {shown ? <Deliveries endpointId={shown} /> : null}
    </section>
  );
}

/** The endpoint's delivery log, newest page first as the API pages it, with redelivery. */
function Deliveries({ endpointId }: { endpointId: string }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const cursor = useCursor();
  const deliveries = useQuery({
    queryKey: ["webhook-deliveries", endpointId, cursor.cursor],
    queryFn: () =>
      client.GET("/v1/webhook-endpoints/{id}/deliveries", {
        params: {
          path: { id: endpointId },
          query: cursor.cursor ? { cursor: cursor.cursor } : {},
        },
      }),
  });
  const redeliver = useMutation({
    mutationFn: (id: string) =>
      client.POST("/v1/webhook-deliveries/{id}/actions/redeliver", { params: { path: { id } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["webhook-deliveries"] }),
  });
  return (
    <>
      <h2>Deliveries</h2>
      {redeliver.isError ? (
        <ErrorNotice error={redeliver.error} what="Could not redeliver" />
      ) : null}
      <QueryView
        query={deliveries}
        label="deliveries"
        empty={(page) => (page.data.length === 0 ? "No deliveries yet." : null)}
      >
        {(page) => (
          <>
            <TableWrap label="Deliveries table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last answer</th>
                    <th scope="col">Next attempt</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((delivery) => (
                    <tr key={delivery.id}>
                      <td>{delivery.eventType}</td>
                      <td>{delivery.status}</td>
                      <td>{delivery.attempts}</td>
                      <td>
                        {delivery.lastStatusCode ?? delivery.lastError ?? "not sent yet"}
                        {delivery.lastLatencyMs !== null ? ` (${delivery.lastLatencyMs} ms)` : ""}
                      </td>
                      <td>{formatDate(delivery.nextAttemptAt)}</td>
                      <td>
                        <button
                          type="button"
                          className="secondary"
                          disabled={redeliver.isPending}
                          onClick={() => redeliver.mutate(delivery.id)}
                          aria-label={`Redeliver ${delivery.id}`}
                        >
                          Redeliver
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pager cursor={cursor} nextCursor={page.nextCursor} />
          </>
        )}
      </QueryView>
    </>
  );
}

function SecretNotice({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div className="notice secret" role="status">
      <p>
        <strong>Copy this signing secret now:</strong> it is shown only this once.
      </p>
      <code className="mono key" data-testid="webhook-secret">
        {secret}
      </code>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => void navigator.clipboard?.writeText(secret)}
        >
          Copy
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Done, hide it
        </button>
      </div>
    </div>
  );
}

/** Creates an endpoint; its signing secret goes to the notice once and is kept nowhere. */
function CreateEndpoint({ onSecret }: { onSecret: (secret: string) => void }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState("");
  const [types, setTypes] = useState("");
  const create = useMutation({
    mutationFn: () => {
      const eventTypes = types
        .split(",")
        .map((type) => type.trim())
        .filter((type) => type !== "");
      return client.POST("/v1/webhook-endpoints", {
        // The API checks the names (400 with the field); the cast only lets free text through.
        body: { url, ...(eventTypes.length ? { eventTypes: eventTypes as never[] } : {}) },
      });
    },
    onSuccess: ({ data }) => {
      onSecret(data.secret);
      setUrl("");
      setTypes("");
      return queryClient.invalidateQueries({ queryKey: ["webhook-endpoints"] });
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-endpoint" noValidate>
      <h2 id="new-endpoint">New endpoint</h2>
      <div className="row">
        <Field label="URL" error={errors.url} hint="https://… your receiver; signed requests.">
          {(ids) => (
            <input
              id={ids.id}
              value={url}
              type="url"
              aria-invalid={ids.invalid || undefined}
              aria-describedby={ids.describedBy}
              onChange={(event) => setUrl(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Event types (optional)"
          error={errors.eventTypes}
          hint="Comma-separated, e.g. license.created; empty: all."
        >
          {(ids) => (
            <input
              id={ids.id}
              value={types}
              aria-invalid={ids.invalid || undefined}
              aria-describedby={ids.describedBy}
              onChange={(event) => setTypes(event.target.value)}
            />
          )}
        </Field>
      </div>
      <FormError error={create.error} fields={["url", "eventTypes"]} />
      <button type="submit" disabled={create.isPending}>
        Create endpoint
      </button>
    </form>
  );
}
