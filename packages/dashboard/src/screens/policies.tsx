import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { nameOf, type Policy, useProducts } from "../api.js";
import { useSession } from "../session.js";
import {
  Field,
  FormError,
  fieldErrors,
  NumberField,
  numberOrNull,
  PagedTable,
  QueryView,
  useCursor,
} from "../ui.js";

const MODELS = ["perpetual", "timed", "subscription", "trial", "consumption"] as const;
const EXPIRATION_STRATEGIES = ["restrict", "revoke", "maintain", "allow"] as const;

export function Policies() {
  const { client } = useSession();
  const products = useProducts();
  const [productId, setProductId] = useState("");
  const cursor = useCursor();
  const policies = useQuery({
    queryKey: ["policies", "page", productId, cursor.cursor],
    queryFn: () =>
      client.GET("/v1/policies", {
        params: {
          query: {
            ...(productId ? { productId } : {}),
            ...(cursor.cursor ? { cursor: cursor.cursor } : {}),
          },
        },
      }),
  });
  return (
    <section>
      <h1>Policies</h1>
      <PolicyForm />
      <h2>All policies</h2>
      <div className="filters">
        <Field label="Product">
          {(ids) => (
            <select
              id={ids.id}
              value={productId}
              onChange={(event) => {
                setProductId(event.target.value);
                cursor.reset();
              }}
            >
              <option value="">Any product</option>
              {products.data?.map((product) => (
                <option key={product.id} value={product.id}>
                  {product.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <PagedTable
        query={policies}
        cursor={cursor}
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
  const products = useProducts();
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const described = (ids: { describedBy: string | undefined; invalid: boolean }) => ({
    "aria-describedby": ids.describedBy,
    "aria-invalid": ids.invalid || undefined,
  });

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="policy-form" noValidate>
      <h2 id="policy-form">{policy ? "Edit rules" : "New policy"}</h2>
      <div className="row">
        {policy ? null : (
          <Field label="Product" error={errors.productId}>
            {(ids) => (
              <select
                id={ids.id}
                value={form.productId}
                {...described(ids)}
                onChange={(event) => set("productId", event.target.value)}
              >
                <option value="">Choose a product</option>
                {products.data?.map((product) => (
                  <option key={product.id} value={product.id}>
                    {product.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Name" error={errors.name}>
          {(ids) => (
            <input
              id={ids.id}
              value={form.name}
              {...described(ids)}
              onChange={(event) => set("name", event.target.value)}
            />
          )}
        </Field>
        <Field label="Model" error={errors.model}>
          {(ids) => (
            <select
              id={ids.id}
              value={form.model}
              {...described(ids)}
              onChange={(event) => set("model", event.target.value as typeof form.model)}
            >
              {MODELS.map((model) => (
                <option key={model}>{model}</option>
              ))}
            </select>
          )}
        </Field>
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
        <Field label="On expiry" error={errors.expirationStrategy}>
          {(ids) => (
            <select
              id={ids.id}
              value={form.expirationStrategy}
              {...described(ids)}
              onChange={(event) =>
                set("expirationStrategy", event.target.value as typeof form.expirationStrategy)
              }
            >
              {EXPIRATION_STRATEGIES.map((strategy) => (
                <option key={strategy}>{strategy}</option>
              ))}
            </select>
          )}
        </Field>
        <div className="field checkbox">
          <input
            id="policy-floating"
            type="checkbox"
            checked={form.floating}
            onChange={(event) => set("floating", event.target.checked)}
          />
          <label htmlFor="policy-floating">Floating (a license may move between machines)</label>
          {errors.floating ? <span className="field-error">{errors.floating}</span> : null}
        </div>
      </div>
      <FormError error={save.error} fields={FIELDS} />
      {save.isSuccess && policy ? (
        <p className="notice ok" role="status">
          Saved.
        </p>
      ) : null}
      <button type="submit" disabled={save.isPending}>
        {policy ? "Save policy" : "Create policy"}
      </button>
    </form>
  );
}
