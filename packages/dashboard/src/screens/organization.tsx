// Organization settings: its id (the SDK's organizationId) and name.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSession } from "../session.js";
import { FormError, fieldErrors, QueryView, TextField } from "../ui.js";

export function Organization() {
  const { client } = useSession();
  const organization = useQuery({
    queryKey: ["organization"],
    queryFn: () => client.GET("/v1/organization"),
  });
  return (
    <section>
      <h1>Organization</h1>
      <QueryView query={organization} label="the organization">
        {({ data }) => (
          <>
            <dl className="facts panel">
              <dt>Organization ID</dt>
              <dd className="mono">{data.id}</dd>
            </dl>
            <Rename name={data.name} />
          </>
        )}
      </QueryView>
    </section>
  );
}

function Rename(props: { name: string }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(props.name);
  const rename = useMutation({
    mutationFn: () => client.PATCH("/v1/organization", { body: { name: name.trim() } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["organization"] }),
  });
  const errors = fieldErrors(rename.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="org-settings" noValidate>
      <h2 id="org-settings">Settings</h2>
      <div className="row">
        <TextField label="Name" value={name} error={errors.name} onChange={setName} />
      </div>
      <FormError error={rename.error} fields={["name"]} />
      {rename.isSuccess ? (
        <p className="notice ok" role="status">
          Saved. The header shows the new name after the next sign-in.
        </p>
      ) : null}
      <button type="submit" disabled={rename.isPending}>
        Save
      </button>
    </form>
  );
}
