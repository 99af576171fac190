import type { ListItem } from "@keyward/client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useDelete, useListPage } from "../api.js";
import { FormPanel, fieldErrors, listOf, TextField } from "../forms.js";
import { useSession } from "../session.js";
import {
  AskFirst,
  actionColumn,
  actionsColumn,
  ErrorNotice,
  formatDate,
  OnceSecret,
  PagedTable,
  RowButton,
} from "../ui.js";

type Endpoint = ListItem<"/v1/webhook-endpoints">;

/** Webhook endpoints (admin tokens): create (the secret shows once), enable, rotate, delete. */
export function Webhooks() {
  const { client, kind } = useSession();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const endpoints = useListPage("/v1/webhook-endpoints", { enabled: kind === "admin" });
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
  const remove = useDelete("/v1/webhook-endpoints/{id}");
  if (kind !== "admin") {
    return (
      <section>
        <h1>Webhooks</h1>
        <p className="state">Webhooks are managed with an admin token.</p>
      </section>
    );
  }
  // Rotating and deleting say their failures in their question.
  const failed = toggle.error;
  return (
    <section>
      <h1>Webhooks</h1>
      <CreateEndpoint onSecret={setSecret} />
      {secret ? (
        <OnceSecret
          what="signing secret"
          secret={secret}
          testId="webhook-secret"
          onDone={() => setSecret(null)}
        />
      ) : null}
      <h2>Endpoints</h2>
      {failed ? <ErrorNotice error={failed} what="Could not change the endpoint" /> : null}
      <PagedTable
        query={endpoints.query}
        cursor={endpoints.cursor}
        label="webhook endpoints"
        empty="No webhook endpoints."
        columns={[
          { header: "URL", className: "mono", cell: (endpoint) => endpoint.url },
          {
            header: "Events",
            cell: (endpoint) =>
              endpoint.eventTypes.length ? endpoint.eventTypes.join(", ") : "all",
          },
          {
            header: "State",
            cell: (endpoint) =>
              endpoint.enabled
                ? endpoint.failingSince
                  ? `failing since ${formatDate(endpoint.failingSince)}`
                  : "enabled"
                : `disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ""}`,
          },
          actionsColumn((endpoint: Endpoint) => {
            const toggled = endpoint.enabled ? "Disable" : "Enable";
            return (
              <>
                <RowButton
                  label={`Deliveries of ${endpoint.url}`}
                  pressed={shown === endpoint.id}
                  onClick={() => setShown(shown === endpoint.id ? null : endpoint.id)}
                >
                  Deliveries
                </RowButton>
                <RowButton
                  label={`${toggled} ${endpoint.url}`}
                  disabled={toggle.isPending}
                  onClick={() => toggle.mutate(endpoint)}
                >
                  {toggled}
                </RowButton>
                <AskFirst
                  label={`Rotate secret of ${endpoint.url}`}
                  danger={false}
                  question={`Rotate the signing secret of ${endpoint.url}? Deliveries are signed with the new one at once; a receiver still checking the old one refuses them.`}
                  confirm="Yes, rotate"
                  pending={rotate.isPending}
                  error={rotate.variables === endpoint.id ? rotate.error : null}
                  failed="Could not rotate"
                  onConfirm={(done) => rotate.mutate(endpoint.id, { onSuccess: done })}
                >
                  Rotate secret
                </AskFirst>
                <AskFirst
                  label={`Delete ${endpoint.url}`}
                  question={`Delete the endpoint ${endpoint.url}? Nothing more is sent to it. This cannot be undone.`}
                  confirm="Yes, delete"
                  pending={remove.isPending}
                  error={remove.variables === endpoint.id ? remove.error : null}
                  failed="Could not delete"
                  onConfirm={(done) => remove.mutate(endpoint.id, { onSuccess: done })}
                >
                  Delete
                </AskFirst>
              </>
            );
          }),
        ]}
      />
      {shown ? <Deliveries endpointId={shown} /> : null}
    </section>
  );
}

/** The endpoint's delivery log, newest page first as the API pages it, with redelivery. */
function Deliveries({ endpointId }: { endpointId: string }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const deliveries = useListPage("/v1/webhook-endpoints/{id}/deliveries", {
    params: { id: endpointId },
  });
  const redeliver = useMutation({
    mutationFn: (id: string) =>
      client.POST("/v1/webhook-deliveries/{id}/actions/redeliver", { params: { path: { id } } }),
    // The endpoint's row may change too (failing since…): its pages and the deliveries' share
    // the key.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["webhook-endpoints"] }),
  });
  return (
    <>
      <h2>Deliveries</h2>
      {redeliver.isError ? (
        <ErrorNotice error={redeliver.error} what="Could not redeliver" />
      ) : null}
      <PagedTable
        query={deliveries.query}
        cursor={deliveries.cursor}
        label="deliveries"
        empty="No deliveries yet."
        columns={[
          { header: "Event", cell: (delivery) => delivery.eventType },
          { header: "Status", cell: (delivery) => delivery.status },
          { header: "Attempts", cell: (delivery) => delivery.attempts },
          {
            header: "Last answer",
            cell: (delivery) =>
              `${delivery.lastStatusCode ?? delivery.lastError ?? "not sent yet"}${
                delivery.lastLatencyMs !== null ? ` (${delivery.lastLatencyMs} ms)` : ""
              }`,
          },
          { header: "Next attempt", cell: (delivery) => formatDate(delivery.nextAttemptAt) },
          actionColumn({
            verb: "Redeliver",
            name: (delivery) => delivery.id,
            mutation: redeliver,
          }),
        ]}
      />
    </>
  );
}

/** Creates an endpoint; its signing secret goes to the notice once and is kept nowhere. */
function CreateEndpoint({ onSecret }: { onSecret(secret: string | null): void }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState("");
  const [types, setTypes] = useState("");
  const create = useMutation({
    mutationFn: () => {
      const eventTypes = listOf(types);
      return client.POST("/v1/webhook-endpoints", {
        // The API checks the names (400 with the field); the cast only lets free text through.
        body: { url, ...(eventTypes.length ? { eventTypes: eventTypes as never[] } : {}) },
      });
    },
    onMutate: () => onSecret(null),
    onSuccess: ({ data }) => {
      onSecret(data.secret);
      setUrl("");
      setTypes("");
      return queryClient.invalidateQueries({ queryKey: ["webhook-endpoints"] });
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <FormPanel
      title="New endpoint"
      save={create}
      fields={["url", "eventTypes"]}
      submit="Create endpoint"
    >
      <TextField
        label="URL"
        type="url"
        hint="https://… your receiver; signed requests."
        value={url}
        error={errors.url}
        onChange={setUrl}
      />
      <TextField
        label="Event types (optional)"
        hint="Comma-separated, e.g. license.created; empty: all."
        value={types}
        error={errors.eventTypes}
        onChange={setTypes}
      />
    </FormPanel>
  );
}
