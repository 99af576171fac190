import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import {
  type License,
  licenseQuery,
  nameOf,
  type Policy,
  useHandshakeCodes,
  usePolicies,
  useProducts,
  useUsers,
} from "../api.js";
import { AttachedEntitlements, DeleteFromScreen } from "../detail.js";
import { FormPanel, fieldErrors, SelectField } from "../forms.js";
import { licenseLabel } from "../license-names.js";
import { useSession, Writable } from "../session.js";
import { TrackableSettings } from "../trackable-settings.js";
import { AskFirst, ErrorNotice, formatDate, QueryView, StatusBadge } from "../ui.js";
import { EventList } from "./events.js";
import { LicenseForm } from "./licenses.js";
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

/** What the notice says once an action is done. */
const DONE: Readonly<Record<Action, string>> = {
  suspend: "Suspended.",
  reinstate: "Reinstated.",
  renew: "Renewed.",
  revoke: "Revoked.",
  "check-in": "Checked in.",
};

export function LicenseDetail() {
  const { id } = useParams({ from: "/licenses/$id" });
  const { client } = useSession();
  const license = useQuery(licenseQuery(client, id));
  return (
    <section>
      <p>
        <Link to="/licenses">← Licenses</Link>
      </p>
      <QueryView query={license} label="the license">
        {(data) => <LicenseView license={data} />}
      </QueryView>
    </section>
  );
}

function LicenseView({ license }: { license: License }) {
  const { kind } = useSession();
  const products = useProducts();
  const policies = usePolicies();
  const users = useUsers();
  const codes = useHandshakeCodes();
  const user = users.data?.find((candidate) => candidate.id === license.userId);
  const code = codes.data?.find((candidate) => candidate.id === license.handshakeCodeId);
  return (
    <>
      <h1>
        License {licenseLabel(license)} <StatusBadge status={license.status} />
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
        <dt>User</dt>
        <dd>{license.userId === null ? "—" : (user?.email ?? license.userId)}</dd>
        <dt>Expires</dt>
        <dd>{formatDate(license.expiresAt)}</dd>
        <dt>Handshake code</dt>
        <dd className="mono">
          {license.handshakeCodeId === null ? "—" : (code?.code ?? license.handshakeCodeId)}
        </dd>
        <dt>Last check-in</dt>
        <dd>{formatDate(license.lastCheckInAt)}</dd>
        <dt>Uses</dt>
        <dd>{license.uses}</dd>
        <dt>Created</dt>
        <dd>{formatDate(license.createdAt)}</dd>
      </dl>
      <Writable>
        <Actions license={license} policy={policies.data?.find((p) => p.id === license.policyId)} />
      </Writable>
      <LicenseForm key={license.id} license={license} />
      <AttachedEntitlements owner="license" id={license.id} />
      {kind === "admin" ? <HandshakeCodeBinding license={license} /> : null}
      <TrackableSettings owner="license" id={license.id} />
      <section aria-labelledby="machines">
        <h2 id="machines">Machines</h2>
        <MachineList licenseId={license.id} />
      </section>
      {/* A check-out is a POST: refused to a read-only token too. */}
      <Writable>
        <Download license={license} />
      </Writable>
      {kind === "admin" ? (
        <section aria-labelledby="events">
          <h2 id="events">Events</h2>
          <EventList licenseId={license.id} />
        </section>
      ) : null}
    </>
  );
}

/**
 * The license's actions. Renew is offered only once the license's policy is known to have a
 * duration: the API refuses to renew a perpetual license (409 LICENSE_NOT_RENEWABLE), and a
 * policy not among the first SELECT_LIMIT loaded goes without it rather than risk that.
 */
function Actions({ license, policy }: { license: License; policy: Policy | undefined }) {
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
  // reinstate share a place: the button keeps the focus as the license changes. While a call
  // runs the buttons are aria-disabled, not disabled, and ignore clicks: a disabled button
  // would drop focus to <body>.
  const action = (name: Action, label: string) => (
    <button
      type="button"
      disabled={revoked}
      aria-disabled={act.isPending || undefined}
      onClick={() => {
        if (!act.isPending) act.mutate(name);
      }}
    >
      {label}
    </button>
  );
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">Actions</h2>
      <div className="actions">
        {license.suspended ? action("reinstate", "Reinstate") : action("suspend", "Suspend")}
        {policy?.durationSeconds != null ? action("renew", "Renew") : null}
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
        <DeleteFromScreen
          path="/v1/licenses/{id}"
          id={license.id}
          list="/licenses"
          label="Delete license…"
          question="Delete this license? Its machines are deactivated, its tokens revoked and its key no longer works. This cannot be undone."
        />
      </div>
      {/* A failed revocation is said in its question. */}
      {act.isError && act.variables !== "revoke" ? (
        <ErrorNotice error={act.error} what="The action failed" />
      ) : null}
      {act.isSuccess ? (
        <p className="notice ok" role="status">
          {DONE[act.variables]}
        </p>
      ) : null}
    </section>
  );
}

/**
 * The handshake code devices reach the license through (trackable licenses, admin tokens):
 * bind it to a code (renewals and quota changes keep the binding), or unbind it (asked first:
 * its devices stop reaching it).
 */
function HandshakeCodeBinding({ license }: { license: License }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const codes = useHandshakeCodes();
  const [codeId, setCodeId] = useState(license.handshakeCodeId ?? "");
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["licenses"] });
  const bind = useMutation({
    mutationFn: () =>
      client.POST("/v1/licenses/{id}/actions/bind-handshake-code", {
        params: { path: { id: license.id } },
        // None chosen: the API's own choice, the organization's default code.
        body: codeId ? { handshakeCodeId: codeId } : {},
      }),
    onSuccess: ({ data }) => {
      setCodeId(data.handshakeCodeId ?? "");
      return refresh();
    },
  });
  const unbind = useMutation({
    mutationFn: () =>
      client.POST("/v1/licenses/{id}/actions/unbind-handshake-code", {
        params: { path: { id: license.id } },
      }),
    onSuccess: () => {
      setCodeId("");
      return refresh();
    },
  });
  const bound = codes.data?.find((code) => code.id === license.handshakeCodeId);
  const errors = fieldErrors(bind.error);
  return (
    <FormPanel
      title="Handshake code"
      save={bind}
      fields={["handshakeCodeId"]}
      submit="Bind"
      saved={bind.isSuccess && bound ? `Bound to ${bound.code}.` : null}
      actions={
        license.handshakeCodeId === null ? null : (
          <AskFirst
            danger={false}
            question={`Unbind this license from ${bound?.code ?? license.handshakeCodeId}? Devices sending that code no longer reach it.`}
            confirm="Yes, unbind"
            pending={unbind.isPending}
            error={unbind.error}
            failed="Could not unbind"
            onConfirm={(done) => unbind.mutate(undefined, { onSuccess: done })}
          >
            Unbind…
          </AskFirst>
        )
      }
    >
      <SelectField
        label="Handshake code"
        none="The organization's default"
        hint="Devices sending this code reach the license."
        choices={codes.data?.map((code) => ({
          value: code.id,
          label: `${code.code}${code.name ? ` (${code.name})` : ""}${code.isDefault ? ", default" : ""}`,
        }))}
        value={codeId}
        error={errors.handshakeCodeId}
        onChange={setCodeId}
      />
    </FormPanel>
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
