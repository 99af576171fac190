// Pieces of a resource's own screen (a license's, a policy's, a product's): its deletion, asked
// first, and the entitlements attached to it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { type DeletePath, useDelete, useEntitlements, useListPage } from "./api.js";
import { FormPanel, fieldErrors, SelectField } from "./forms.js";
import { useSession } from "./session.js";
import { AskFirst, actionColumn, PagedTable } from "./ui.js";

/**
 * Deletes the screen's resource, asked first; once deleted, the list it was in shows (its
 * heading taking focus). The API's refusal (a 409 saying what to do first) is said in the
 * question.
 */
export function DeleteFromScreen(props: {
  path: DeletePath;
  id: string;
  list: "/licenses" | "/policies" | "/products";
  /** The button's text: "Delete license…". */
  label: string;
  question: string;
}) {
  const navigate = useNavigate();
  const remove = useDelete(props.path, () => navigate({ to: props.list }));
  return (
    <AskFirst
      question={props.question}
      confirm="Yes, delete"
      pending={remove.isPending}
      error={remove.error}
      failed="Could not delete"
      onConfirm={(done) => remove.mutate(props.id, { onSuccess: done })}
    >
      {props.label}
    </AskFirst>
  );
}

type Owner = "license" | "policy";

const ATTACHED = {
  license: "/v1/licenses/{id}/entitlements",
  policy: "/v1/policies/{id}/entitlements",
} as const;

/**
 * The entitlements attached to a license or a policy: attach one of the organization's, detach
 * (asked first: the app loses the feature at its next check). A license grants its own and its
 * policy's.
 */
export function AttachedEntitlements(props: { owner: Owner; id: string }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const path = ATTACHED[props.owner];
  const params = { path: { id: props.id } };
  const attached = useListPage(path, { params: { id: props.id } });
  const all = useEntitlements();
  const [chosen, setChosen] = useState("");
  // The owner's resource: its lists, its screen's query and these attachments load again.
  const refresh = () =>
    queryClient.invalidateQueries({
      queryKey: [props.owner === "license" ? "licenses" : "policies"],
    });
  const attach = useMutation({
    mutationFn: () =>
      client.POST(path, { params, body: { entitlementIds: chosen ? [chosen] : [] } }),
    onSuccess: () => {
      setChosen("");
      return refresh();
    },
  });
  const detach = useMutation({
    mutationFn: (entitlementId: string) =>
      client.DELETE(path, { params, body: { entitlementIds: [entitlementId] } }),
    onSuccess: refresh,
  });
  const attachedIds = new Set(attached.query.data?.data.map((entitlement) => entitlement.id));
  const errors = fieldErrors(attach.error);
  return (
    <>
      <h2>Entitlements</h2>
      <PagedTable
        query={attached.query}
        cursor={attached.cursor}
        label="attached entitlements"
        empty={`No entitlement is attached to this ${props.owner}.`}
        columns={[
          { header: "Code", className: "mono", cell: (entitlement) => entitlement.code },
          { header: "Name", cell: (entitlement) => entitlement.name },
          actionColumn<{ id: string; code: string }>({
            verb: "Detach",
            name: (entitlement) => entitlement.code,
            mutation: detach,
            ask: {
              question: (entitlement) =>
                `Detach ${entitlement.code} from this ${props.owner}? Apps lose the feature at their next check (unless ${props.owner === "license" ? "its policy" : "a license"} grants it too).`,
              confirm: () => "Yes, detach",
              failed: "Could not detach",
            },
          }),
        ]}
      />
      <FormPanel
        title="Attach an entitlement"
        save={attach}
        fields={["entitlementIds"]}
        submit="Attach"
      >
        <SelectField
          label="Entitlement"
          none="Choose an entitlement"
          choices={all.data
            ?.filter((entitlement) => !attachedIds.has(entitlement.id))
            .map((entitlement) => ({
              value: entitlement.id,
              label: `${entitlement.code} (${entitlement.name})`,
            }))}
          value={chosen}
          error={errors.entitlementIds}
          onChange={setChosen}
        />
      </FormPanel>
    </>
  );
}
