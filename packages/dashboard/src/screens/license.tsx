import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { type License, nameOf, usePolicies, useProducts } from "../api.js";
import { SelectField } from "../forms.js";
import { useSession } from "../session.js";
import { AskFirst, ErrorNotice, formatDate, QueryView, StatusBadge } from "../ui.js";
import { EventList } from "./events.js";
import { MachineList } from "./machines.js";

const ALGORITHMS = [
  "base64+ed25519",
  "base64+rsa-pss-sha256",
  "base64+rsa-sha256",
  "aes-256-gcm+ed25519",
  "aes-256-gcm+rsa-pss-sha256",
  "aes-256-gcm+rsa-sha256",
] as const;

type Action = "suspend" | "reinstate" | "renew" | "revoke" | "check-in";

export function LicenseDetail() {
  const { id } = useParams({ from: "/licenses/$id" });
  const { client } = useSession();
  const license = useQuery({
    queryKey: ["licenses", "one", id],
    queryFn: () => client.GET("/v1/licenses/{id}", { params: { path: { id } } }),
  });
  return (
    <section>
      <p>
        <Link to="/licenses">← Licenses</Link>
      </p>
      <QueryView query={license} label="the license">
        {({ data }) => <LicenseView license={data} />}
      </QueryView>
    </section>
  );
}

function LicenseView({ license }: { license: License }) {
  const { kind } = useSession();
  const products = useProducts();
  const policies = usePolicies();
  return (
    <>
      <h1>
        License {license.name ?? license.id} <StatusBadge status={license.status} />
      </h1>
      <dl className="facts">
        <dt>ID</dt>
        <dd className="mono">{license.id}</dd>
        <dt>Key</dt>
        <dd className="mono key">{license.key}</dd>
        <dt>Product</dt>
        <dd>{nameOf(products.data, license.productId)}</dd>
        <dt>Policy</dt>
        <dd>{nameOf(policies.data, license.policyId)}</dd>
        <dt>Expires</dt>
        <dd>{formatDate(license.expiresAt)}</dd>
        <dt>Last check-in</dt>
        <dd>{formatDate(license.lastCheckInAt)}</dd>
        <dt>Uses</dt>
        <dd>{license.uses}</dd>
        <dt>Created</dt>
        <dd>{formatDate(license.createdAt)}</dd>
      </dl>
      <Actions license={license} />
      <section aria-labelledby="machines">
        <h2 id="machines">Machines</h2>
        <MachineList licenseId={license.id} />
      </section>
      <Download license={license} />
      {kind === "admin" ? (
        <section aria-labelledby="events">
          <h2 id="events">Events</h2>
          <EventList licenseId={license.id} />
        </section>
      ) : null}
    </>
  );
}

function Actions({ license }: { license: License }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: Action) =>
      client.POST(`/v1/licenses/{id}/actions/${action}`, {
        params: { path: { id: license.id } },
      }),
    onSuccess: (_data, action) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["licenses"] }),
        queryClient.invalidateQueries({ queryKey: ["events"] }),
      ]).then(() => action),
  });
  const revoked = license.status === "revoked";
  // An action a revoked license can no longer take (revoking asks first, below). Suspend and
  // reinstate share a place: the button keeps the focus as the license changes.
  const action = (name: Action, label: string) => (
    <button type="button" disabled={act.isPending || revoked} onClick={() => act.mutate(name)}>
      {label}
    </button>
  );
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">Actions</h2>
      <div className="actions">
        {license.suspended ? action("reinstate", "Reinstate") : action("suspend", "Suspend")}
        {action("renew", "Renew")}
        {action("check-in", "Check in")}
        <AskFirst
          disabled={act.isPending || revoked}
          question="Revoke this license for good? Its machines stop validating, and no action brings it back."
          confirm="Yes, revoke for good"
          pending={act.isPending}
          error={act.variables === "revoke" ? act.error : null}
          failed="Could not revoke"
          onConfirm={(done) => act.mutate("revoke", { onSuccess: done })}
        >
          Revoke…
        </AskFirst>
      </div>
      {/* A failed revocation is said in its question. */}
      {act.isError && act.variables !== "revoke" ? (
        <ErrorNotice error={act.error} what="The action failed" />
      ) : null}
      {act.isSuccess ? (
        <p className="notice ok" role="status">
          Done: {act.variables}.
        </p>
      ) : null}
    </section>
  );
}

/** A signed license file, checked out by the API and saved as <id>.lic. */
function Download({ license }: { license: License }) {
  const { client } = useSession();
  const [algorithm, setAlgorithm] = useState<(typeof ALGORITHMS)[number]>("base64+ed25519");
  const checkOut = useMutation({
    mutationFn: async () => {
      const answer = await client.POST("/v1/licenses/{id}/actions/check-out", {
        params: { path: { id: license.id } },
        body: { algorithm },
      });
      // The JSON form (the default); the bare certificate comes only with ?format=lic.
      if (typeof answer === "string") throw new Error("the server answered a bare certificate");
      return answer.data;
    },
    onSuccess: (data) => {
      const url = URL.createObjectURL(new Blob([data.certificate], { type: "text/plain" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `${license.id}.lic`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    checkOut.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="download">
      <h2 id="download">License file</h2>
      <div className="row">
        <SelectField
          label="Algorithm"
          hint="aes-256-gcm files are encrypted with the license key; base64 files are readable."
          choices={ALGORITHMS}
          value={algorithm}
          onChange={(value) => setAlgorithm(value as typeof algorithm)}
        />
      </div>
      {checkOut.isError ? <ErrorNotice error={checkOut.error} what="No file" /> : null}
      {checkOut.isSuccess ? (
        <p className="notice ok" role="status">
          Downloaded {license.id}.lic ({checkOut.data.algorithm}, expires{" "}
          {formatDate(checkOut.data.expiry)}).
        </p>
      ) : null}
      <button type="submit" disabled={checkOut.isPending}>
        Download license file
      </button>
    </form>
  );
}
