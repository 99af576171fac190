// Organization settings: its id (the SDK's organizationId) and name.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useOrganization } from "../api.js";
import { FormPanel, fieldErrors, TextField } from "../forms.js";
import { useSession } from "../session.js";
import { QueryView } from "../ui.js";

export function Organization() {
  const organization = useOrganization();
  return (
    <section>
      <h1>Organization</h1>
      <QueryView query={organization} label="the organization">
        {(data) => (
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
    // The answer is the organization as renamed: the header and the overview show it at once.
    onSuccess: ({ data }) => {
      queryClient.setQueryData(["organization"], data);
      return queryClient.invalidateQueries({ queryKey: ["organization"] });
    },
  });
  const errors = fieldErrors(rename.error);
  return (
    <FormPanel
      title="Settings"
      save={rename}
      fields={["name"]}
      submit="Save"
      saved={rename.isSuccess ? "Saved." : null}
    >
      <TextField label="Name" value={name} error={errors.name} onChange={setName} />
    </FormPanel>
  );
}
