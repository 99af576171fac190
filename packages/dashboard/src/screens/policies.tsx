import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { nameOf, type Policy, useProducts } from "../api.js";
import { useSession } from "../session.js";
import {
  Field,
  FormError,
  fieldErrors,
  numberOrNull,
  Pager,
  QueryView,
  TableWrap,
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
      <QueryView
        query={policies}
        label="policies"
        empty={(page) => (page.data.length === 0 ? "No policies yet." : null)}
      >
        {(page) => (
          <>
            <TableWrap label="Policies table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Product</th>
                    <th scope="col">Model</th>
                    <th scope="col">Machines</th>
                    <th scope="col">Duration</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((policy) => (
                    <tr key={policy.id}>
                      <td>
                        <Link to="/policies/$id" params={{ id: policy.id }}>
                          {policy.name}
                        </Link>
                      </td>
                      <td>{nameOf(products.data, policy.productId)}</td>
                      <td>{policy.model}</td>
                      <td>
                        {policy.maxMachines ?? "unlimited"}
                        {policy.floating ? " (floating)" : ""}
                      </td>
                      <td>{duration(policy.durationSeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pager cursor={cursor} nextCursor={page.nextCursor} />
          </>
        )}
      </QueryView>
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
        <Field
          label="Duration (seconds)"
          error={errors.durationSeconds}
          hint="Empty: no expiry (perpetual). 30 days = 2592000."
        >
          {(ids) => (
            <input
              id={ids.id}
              inputMode="numeric"
              value={form.durationSeconds}
              {...described(ids)}
              onChange={(event) => set("durationSeconds", event.target.value)}
            />
          )}
        </Field>
        <Field label="Max machines" error={errors.maxMachines} hint="Empty: unlimited.">
          {(ids) => (
            <input
              id={ids.id}
              inputMode="numeric"
              value={form.maxMachines}
              {...described(ids)}
              onChange={(event) => set("maxMachines", event.target.value)}
            />
          )}
        </Field>
        <Field label="Max uses" error={errors.maxUses} hint="Empty: unlimited.">
          {(ids) => (
            <input
              id={ids.id}
              inputMode="numeric"
              value={form.maxUses}
              {...described(ids)}
              onChange={(event) => set("maxUses", event.target.value)}
            />
          )}
        </Field>
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
