import type { ListItem } from "@keyward/client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useDelete, useListPage } from "../api.js";
import { FormPanel, fieldErrors, listOf, SelectField, TextField } from "../forms.js";
import { useSession, Writable } from "../session.js";
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

/**
 * How long a rotated-out secret still signs next to the new one (the API's keepPreviousSeconds,
 * up to a year): a few steps rather than any number, since the overlap only has to outlast the
 * receiver's deployment of the new secret; none for a leaked secret.
 */
const OVERLAPS = [
  { value: "0", label: "No overlap: the old secret stops at once" },
  { value: "3600", label: "1 hour" },
  { value: "86400", label: "1 day" },
  { value: "604800", label: "7 days" },
] as const;

/** The time a rotated-out secret still signs until, while it does (null: it does not). */
function previousUntil(endpoint: Endpoint): string | null {
  const until = endpoint.previousSecretValidUntil;
  return until !== null && Date.parse(until) > Date.now() ? until : null;
}

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
    mutationFn: ({ id, keepPreviousSeconds }: { id: string; keepPreviousSeconds: number }) =>
      client.POST("/v1/webhook-endpoints/{id}/actions/rotate-secret", {
        params: { path: { id } },
        body: { keepPreviousSeconds },
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
  // The endpoint whose deliveries show, while its row is on the page.
  const shownEndpoint = endpoints.query.data?.data.find((endpoint) => endpoint.id === shown);
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
            cell: (endpoint) => {
              const state = endpoint.enabled
                ? endpoint.failingSince
                  ? `failing since ${formatDate(endpoint.failingSince)}`
                  : "enabled"
                : `disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ""}`;
              const until = previousUntil(endpoint);
              return until
                ? `${state}; previous secret also signs until ${formatDate(until)}`
                : state;
            },
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
                <Writable>
                  <RowButton
                    label={`${toggled} ${endpoint.url}`}
                    disabled={toggle.isPending}
                    onClick={() => toggle.mutate(endpoint)}
                  >
                    {toggled}
                  </RowButton>
                </Writable>
                <RotateSecret endpoint={endpoint} rotate={rotate} />
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
      {shownEndpoint ? <Deliveries endpoint={shownEndpoint} /> : null}
    </section>
  );
}

/**
 * Rotates an endpoint's signing secret, asked first, with the time the old one still signs next
 * to the new one (OVERLAPS) chosen in the question.
 */
function RotateSecret(props: {
  endpoint: Endpoint;
  rotate: {
    mutate(
      variables: { id: string; keepPreviousSeconds: number },
      options: { onSuccess(): void },
    ): void;
    isPending: boolean;
    error: unknown;
    variables: { id: string } | undefined;
  };
}) {
  const { endpoint, rotate } = props;
  const [keep, setKeep] = useState<string>("0");
  return (
    <AskFirst
      label={`Rotate secret of ${endpoint.url}`}
      danger={false}
      question={
        <>
          Rotate the signing secret of {endpoint.url}?{" "}
          {keep === "0"
            ? "Deliveries are signed with the new one at once; a receiver still checking the old one refuses them."
            : "Deliveries are signed with both for the time chosen: deploy the new secret to the receiver meanwhile."}
        </>
      }
      choice={
        <SelectField
          label="Keep the old secret signing for"
          choices={OVERLAPS}
          value={keep}
          onChange={setKeep}
        />
      }
      confirm="Yes, rotate"
      pending={rotate.isPending}
      error={rotate.variables?.id === endpoint.id ? rotate.error : null}
      failed="Could not rotate"
      onConfirm={(done) =>
        rotate.mutate({ id: endpoint.id, keepPreviousSeconds: Number(keep) }, { onSuccess: done })
      }
    >
      Rotate secret
    </AskFirst>
  );
}

/**
 * The endpoint's delivery log, newest page first as the API pages it, with redelivery: of any
 * delivery (the API sends a succeeded one again too, with its webhook-id, for a receiver that
 * lost it), but not while the endpoint is disabled (409 WEBHOOK_ENDPOINT_DISABLED).
 */
function Deliveries({ endpoint }: { endpoint: Endpoint }) {
  const endpointId = endpoint.id;
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
      {endpoint.enabled ? null : (
        <p className="hint">The endpoint is disabled: enable it to redeliver.</p>
      )}
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
          { header: "Created", cell: (delivery) => formatDate(delivery.createdAt) },
          { header: "Last attempt", cell: (delivery) => formatDate(delivery.lastAttemptAt) },
          { header: "Next attempt", cell: (delivery) => formatDate(delivery.nextAttemptAt) },
          actionColumn({
            verb: "Redeliver",
            name: (delivery) => delivery.id,
            mutation: redeliver,
            when: () => endpoint.enabled,
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
