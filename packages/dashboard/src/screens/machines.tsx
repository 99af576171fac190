import { type FormEvent, useState } from "react";
import { type Machine, useDelete, useListPage } from "../api.js";
import { ProductField, TextField } from "../forms.js";
import { LicenseName, useLicenseNames } from "../license-names.js";
import { actionColumn, type Column, formatDate, PagedTable } from "../ui.js";

/** Every activated machine, by product or by fingerprint (the API's filters). */
export function Machines() {
  const [productId, setProductId] = useState("");
  const [typed, setTyped] = useState("");
  const [fingerprint, setFingerprint] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFingerprint(typed.trim());
  };
  return (
    <section>
      <h1>Machines</h1>
      <div className="filters">
        <ProductField none="Any product" value={productId} onChange={setProductId} />
        <form className="inline" onSubmit={submit} aria-label="Find a machine by fingerprint">
          <TextField label="Fingerprint" mono value={typed} onChange={setTyped} />
          <button type="submit">Find</button>
        </form>
      </div>
      <MachineList productId={productId} fingerprint={fingerprint} />
    </section>
  );
}

/** A page of machines (of a license, a product or a fingerprint) with deactivate (asked first). */
export function MachineList(props: {
  licenseId?: string;
  productId?: string;
  fingerprint?: string;
}) {
  const { licenseId, productId, fingerprint } = props;
  const machines = useListPage("/v1/machines", {
    filters: { licenseId, productId, fingerprint },
  });
  const deactivate = useDelete("/v1/machines/{id}");
  // A license's own machines need not name it.
  const names = useLicenseNames(
    licenseId ? [] : (machines.query.data?.data ?? []).map((machine) => machine.licenseId),
  );
  const license: Column<Machine> = {
    header: "License",
    cell: (machine) => <LicenseName license={names(machine.licenseId)} />,
  };
  return (
    <PagedTable
      query={machines.query}
      cursor={machines.cursor}
      label="machines"
      empty="No machine is activated."
      columns={[
        { header: "Name", cell: (machine) => machine.name ?? machine.id },
        { header: "Fingerprint", className: "mono", cell: (machine) => machine.fingerprint },
        ...(licenseId ? [] : [license]),
        { header: "Platform", cell: (machine) => machine.platform ?? "—" },
        { header: "Last heartbeat", cell: (machine) => formatDate(machine.lastHeartbeatAt) },
        actionColumn<Machine>({
          verb: "Deactivate",
          name: (machine) => machine.name ?? machine.fingerprint,
          mutation: deactivate,
          ask: {
            question: (machine) =>
              `Deactivate ${machine.name ?? machine.fingerprint}? It frees its seat; the app on it stops validating until it activates again.`,
            confirm: () => "Yes, deactivate",
            failed: "Could not deactivate",
          },
        }),
      ]}
    />
  );
}
