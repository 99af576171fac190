import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { nameOf, type Policy, useListPage, useProducts } from "../api.js";
import {
  CheckboxField,
  FormPanel,
  fieldErrors,
  NumberField,
  numberOrNull,
  ProductField,
  SelectField,
  TextField,
} from "../forms.js";
import { useSession } from "../session.js";
import { PagedTable, QueryView } from "../ui.js";

const MODELS = ["perpetual", "timed", "subscription", "trial", "consumption"] as const;
const EXPIRATION_STRATEGIES = ["restrict", "revoke", "maintain", "allow"] as const;

export function Policies() {
  const products = useProducts();
  const [productId, setProductId] = useState("");
  const policies = useListPage("/v1/policies", { filters: { productId } });
  return (
    <section>
      <h1>Policies</h1>
      <PolicyForm />
      <h2>All policies</h2>
      <div className="filters">
        <ProductField none="Any product" value={productId} onChange={setProductId} />
      </div>
      <PagedTable
        query={policies.query}
        cursor={policies.cursor}
        label="policies"
        empty="No policies yet."
        columns={[
          {
            header: "Name",
            cell: (policy) => (
              <Link to="/policies/$id" params={{ id: policy.id }}>
                {policy.name}
              </Link>
            ),
          },
          { header: "Product", cell: (policy) => nameOf(products.data, policy.productId) },
          { header: "Model", cell: (policy) => policy.model },
          {
            header: "Machines",
            cell: (policy) =>
              `${policy.maxMachines ?? "unlimited"}${policy.floating ? " (floating)" : ""}`,
          },
          { header: "Duration", cell: (policy) => duration(policy.durationSeconds) },
        ]}
      />
    </section>
  );
}

function duration(seconds: number | null): string {
  if (seconds === null) return "none";
  return seconds % 86_400 === 0 ? `${seconds / 86_400} days` : `${seconds} s`;
}

export function PolicyEdit() {
  const { id } = useParams({ from: "/policies/$id" });
  const { client } = useSession();
  const policy = useQuery({
    queryKey: ["policies", "one", id],
    queryFn: () => client.GET("/v1/policies/{id}", { params: { path: { id } } }),
  });
  return (
    <section>
      <p>
        <Link to="/policies">← Policies</Link>
      </p>
      <QueryView query={policy} label="the policy">
        {({ data }) => (
          <>
            <h1>Policy {data.name}</h1>
            <p className="mono">{data.id}</p>
            <PolicyForm policy={data} />
          </>
        )}
      </QueryView>
    </section>
  );
}

/** The rules a vendor sets most; the API's others keep their defaults (or current values). */
const FIELDS = [
  "productId",
  "name",
  "model",
  "durationSeconds",
  "floating",
  "maxMachines",
  "maxUses",
  "expirationStrategy",
] as const;

/** Creates a policy, or edits `policy`; the API's problems show at their fields. */
function PolicyForm(props: { policy?: Policy }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { policy } = props;
  const [form, setForm] = useState({
    productId: policy?.productId ?? "",
    name: policy?.name ?? "",
    model: policy?.model ?? "perpetual",
    durationSeconds: policy?.durationSeconds?.toString() ?? "",
    floating: policy?.floating ?? false,
    maxMachines: policy?.maxMachines?.toString() ?? "",
    maxUses: policy?.maxUses?.toString() ?? "",
    expirationStrategy: policy?.expirationStrategy ?? "restrict",
  });
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((current) => ({ ...current, [key]: value }));

  const save = useMutation({
    mutationFn: async () => {
      const rules = {
        name: form.name,
        model: form.model,
        durationSeconds: numberOrNull(form.durationSeconds),
        floating: form.floating,
        maxMachines: numberOrNull(form.maxMachines),
        maxUses: numberOrNull(form.maxUses),
        expirationStrategy: form.expirationStrategy,
      };
      if (policy) {
        return client.PATCH("/v1/policies/{id}", {
          params: { path: { id: policy.id } },
          body: rules,
        });
      }
      return client.POST("/v1/policies", { body: { productId: form.productId, ...rules } });
    },
    onSuccess: async ({ data }) => {
      await queryClient.invalidateQueries({ queryKey: ["policies"] });
      if (!policy) await navigate({ to: "/policies/$id", params: { id: data.id } });
    },
  });
  const errors = fieldErrors(save.error);
  return (
    <FormPanel
      title={policy ? "Edit rules" : "New policy"}
      save={save}
      fields={FIELDS}
      submit={policy ? "Save policy" : "Create policy"}
      saved={save.isSuccess && policy ? "Saved." : null}
    >
      {policy ? null : (
        <ProductField
          none="Choose a product"
          value={form.productId}
          error={errors.productId}
          onChange={(productId) => set("productId", productId)}
        />
      )}
      <TextField
        label="Name"
        value={form.name}
        error={errors.name}
        onChange={(name) => set("name", name)}
      />
      <SelectField
        label="Model"
        choices={MODELS}
        value={form.model}
        error={errors.model}
        onChange={(model) => set("model", model as typeof form.model)}
      />
      <NumberField
        label="Duration (seconds)"
        value={form.durationSeconds}
        onChange={(value) => set("durationSeconds", value)}
        error={errors.durationSeconds}
        hint="Empty: no expiry (perpetual). 30 days = 2592000."
      />
      <NumberField
        label="Max machines"
        value={form.maxMachines}
        onChange={(value) => set("maxMachines", value)}
        error={errors.maxMachines}
        hint="Empty: unlimited."
      />
      <NumberField
        label="Max uses"
        value={form.maxUses}
        onChange={(value) => set("maxUses", value)}
        error={errors.maxUses}
        hint="Empty: unlimited."
      />
      <SelectField
        label="On expiry"
        choices={EXPIRATION_STRATEGIES}
        value={form.expirationStrategy}
        error={errors.expirationStrategy}
        onChange={(strategy) =>
          set("expirationStrategy", strategy as typeof form.expirationStrategy)
        }
      />
      <CheckboxField
        label="Floating (a license may move between machines)"
        checked={form.floating}
        error={errors.floating}
        onChange={(floating) => set("floating", floating)}
      />
    </FormPanel>
  );
}
