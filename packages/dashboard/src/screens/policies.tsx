import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { nameOf, type Policy, useListPage, useProducts } from "../api.js";
import { AttachedEntitlements, DeleteFromScreen } from "../detail.js";
import {
  CheckboxField,
  FieldGroup,
  FormPanel,
  fieldErrors,
  MetadataField,
  metadataOf,
  metadataText,
  NumberField,
  numberOrNull,
  ProductField,
  SelectField,
  TextField,
  useForm,
  valuesOf,
} from "../forms.js";
import { useSession } from "../session.js";
import { TrackableSettings } from "../trackable-settings.js";
import { PagedTable, QueryView } from "../ui.js";

const MODELS = valuesOf<Policy["model"]>({
  perpetual: true,
  timed: true,
  subscription: true,
  trial: true,
  consumption: true,
});
const EXPIRATION_STRATEGIES = valuesOf<Policy["expirationStrategy"]>({
  restrict: true,
  revoke: true,
  maintain: true,
  allow: true,
});
const EXPIRATION_BASES = valuesOf<Policy["expirationBasis"]>({
  creation: true,
  first_activation: true,
  first_validation: true,
});
const OVERAGE_STRATEGIES = valuesOf<Policy["overage"]["strategy"]>({
  none: true,
  percent: true,
  count: true,
});
const CULL_STRATEGIES = valuesOf<Policy["heartbeat"]["cullStrategy"]>({
  deactivate: true,
  keep: true,
});
/** The key schemes; "" (no scheme) issues plain-text keys. */
const SCHEMES = [
  { value: "", label: "none: plain-text keys" },
  ...valuesOf<NonNullable<Policy["scheme"]>>({
    ED25519_SIGN: true,
    RSA_2048_PKCS1_PSS_SIGN_V2: true,
    RSA_2048_PKCS1_SIGN_V2: true,
    RSA_2048_PKCS1_ENCRYPT: true,
    RSA_2048_JWT_RS256: true,
    RSA_2048_PKCS1_PSS_SIGN: true,
    RSA_2048_PKCS1_SIGN: true,
  }).map((scheme) => ({ value: scheme, label: scheme })),
];

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
            <AttachedEntitlements owner="policy" id={data.id} />
            <TrackableSettings owner="policy" id={data.id} />
            <h2>Delete</h2>
            <DeleteFromScreen
              path="/v1/policies/{id}"
              id={data.id}
              list="/policies"
              label="Delete policy…"
              question={`Delete the policy ${data.name}? This cannot be undone. (The API refuses while licenses follow it: move them to another policy on their screens, or delete them, first. And while its product's public trials do.)`}
            />
          </>
        )}
      </QueryView>
    </section>
  );
}

/** The body paths the form has a field for (the API's problems elsewhere show above its button). */
const FIELDS = [
  "productId",
  "name",
  "model",
  "durationSeconds",
  "floating",
  "maxMachines",
  "maxUses",
  "overage.strategy",
  "overage.allowance",
  "heartbeat.required",
  "heartbeat.durationSeconds",
  "heartbeat.cullStrategy",
  "leaseDurationSeconds",
  "offlineGraceSeconds",
  "scheme",
  "expirationStrategy",
  "expirationBasis",
  "checkInIntervalSeconds",
  "minVersion",
  "maxVersion",
  "metadata",
] as const;

/** A count or seconds as typed ("" for none). */
const text = (value: number | null | undefined) =>
  value === null || value === undefined ? "" : String(value);

/**
 * A number the API takes no null for: `{ [name]: number }` once typed, nothing while empty (the
 * API's default on create, the current value on edit, where the field starts filled in).
 */
function typedNumber<Name extends string>(name: Name, typed: string): { [Key in Name]?: number } {
  return typed.trim() === "" ? {} : ({ [name]: numberOrNull(typed) } as { [Key in Name]: number });
}

/** The form's values for `policy` (a new policy: the API's defaults, or empty for them). */
function formOf(policy: Policy | undefined) {
  return {
    productId: policy?.productId ?? "",
    name: policy?.name ?? "",
    model: policy?.model ?? "perpetual",
    durationSeconds: text(policy?.durationSeconds),
    floating: policy?.floating ?? false,
    maxMachines: text(policy?.maxMachines),
    maxUses: text(policy?.maxUses),
    overageStrategy: policy?.overage.strategy ?? "none",
    overageAllowance: text(policy?.overage.allowance),
    heartbeatRequired: policy?.heartbeat.required ?? false,
    heartbeatDurationSeconds: text(policy?.heartbeat.durationSeconds),
    cullStrategy: policy?.heartbeat.cullStrategy ?? "deactivate",
    leaseDurationSeconds: text(policy?.leaseDurationSeconds),
    offlineGraceSeconds: text(policy?.offlineGraceSeconds),
    scheme: policy?.scheme ?? "",
    expirationStrategy: policy?.expirationStrategy ?? "restrict",
    expirationBasis: policy?.expirationBasis ?? "creation",
    checkInIntervalSeconds: text(policy?.checkInIntervalSeconds),
    minVersion: policy?.minVersion ?? "",
    maxVersion: policy?.maxVersion ?? "",
    metadata: metadataText(policy?.metadata ?? {}),
  };
}

/**
 * Creates a policy (then shows it), or edits `policy`: every rule the API takes, its name and
 * metadata. The API checks the rules as a whole; its problems show at their fields.
 */
function PolicyForm(props: { policy?: Policy }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { policy } = props;
  const form = useForm(formOf(policy), policy?.updatedAt);
  const { values } = form;
  const save = useMutation({
    mutationFn: async () => {
      const rules = {
        name: values.name,
        model: values.model as Policy["model"],
        durationSeconds: numberOrNull(values.durationSeconds),
        floating: values.floating,
        maxMachines: numberOrNull(values.maxMachines),
        maxUses: numberOrNull(values.maxUses),
        overage: {
          strategy: values.overageStrategy as Policy["overage"]["strategy"],
          ...typedNumber("allowance", values.overageAllowance),
        },
        heartbeat: {
          required: values.heartbeatRequired,
          durationSeconds: numberOrNull(values.heartbeatDurationSeconds),
          cullStrategy: values.cullStrategy as Policy["heartbeat"]["cullStrategy"],
        },
        ...typedNumber("leaseDurationSeconds", values.leaseDurationSeconds),
        ...typedNumber("offlineGraceSeconds", values.offlineGraceSeconds),
        scheme: (values.scheme || null) as Policy["scheme"],
        expirationStrategy: values.expirationStrategy as Policy["expirationStrategy"],
        expirationBasis: values.expirationBasis as Policy["expirationBasis"],
        checkInIntervalSeconds: numberOrNull(values.checkInIntervalSeconds),
        minVersion: values.minVersion.trim() || null,
        maxVersion: values.maxVersion.trim() || null,
        metadata: metadataOf(values.metadata),
      };
      if (policy) {
        return client.PATCH("/v1/policies/{id}", {
          params: { path: { id: policy.id } },
          body: rules,
        });
      }
      return client.POST("/v1/policies", { body: { productId: values.productId, ...rules } });
    },
    onSuccess: async ({ data }) => {
      await queryClient.invalidateQueries({ queryKey: ["policies"] });
      if (!policy) await navigate({ to: "/policies/$id", params: { id: data.id } });
    },
  });
  const field = form.withErrors(fieldErrors(save.error));
  return (
    <FormPanel
      title={policy ? "Edit rules" : "New policy"}
      save={save}
      fields={FIELDS}
      submit={policy ? "Save policy" : "Create policy"}
      saved={save.isSuccess && policy ? "Saved." : null}
    >
      {policy ? null : <ProductField none="Choose a product" {...field("productId")} />}
      <TextField label="Name" {...field("name")} />
      <SelectField label="Model" choices={MODELS} {...field("model")} />
      <NumberField
        label="Duration (seconds)"
        hint="Empty: no expiry (perpetual). 30 days = 2592000."
        {...field("durationSeconds")}
      />
      <SelectField
        label="Clock starts at"
        choices={EXPIRATION_BASES}
        {...field("expirationBasis")}
      />
      <SelectField
        label="On expiry"
        choices={EXPIRATION_STRATEGIES}
        {...field("expirationStrategy")}
      />
      <FieldGroup legend="Machines and uses">
        <CheckboxField
          label="Floating (a license may move between machines)"
          {...field("floating")}
        />
        <NumberField label="Max machines" hint="Empty: unlimited." {...field("maxMachines")} />
        <NumberField label="Max uses" hint="Empty: unlimited." {...field("maxUses")} />
        <SelectField
          label="Overage"
          choices={OVERAGE_STRATEGIES}
          hint="Use allowed above the limits: none, a percent of them or a count."
          {...field("overageStrategy", "overage.strategy")}
        />
        <NumberField
          label="Overage allowance"
          hint="percent: 1–1000; count: units; none: 0."
          {...field("overageAllowance", "overage.allowance")}
        />
      </FieldGroup>
      <FieldGroup legend="Heartbeats and check-ins">
        <CheckboxField
          label="Machines must send heartbeats"
          {...field("heartbeatRequired", "heartbeat.required")}
        />
        <NumberField
          label="Heartbeat lifetime (seconds)"
          hint="A machine without a heartbeat this long is dead. Needed with heartbeats."
          {...field("heartbeatDurationSeconds", "heartbeat.durationSeconds")}
        />
        <SelectField
          label="Dead machines"
          choices={CULL_STRATEGIES}
          {...field("cullStrategy", "heartbeat.cullStrategy")}
        />
        <NumberField
          label="Check-in interval (seconds)"
          hint="A license that does not check in this often validates OVERDUE. Empty: never."
          {...field("checkInIntervalSeconds")}
        />
      </FieldGroup>
      <FieldGroup legend="Leases and offline use">
        <NumberField
          label="Lease (seconds)"
          hint="How long a device runs without asking again. Empty: 1 day (86400)."
          {...field("leaseDurationSeconds")}
        />
        <NumberField
          label="Offline grace (seconds)"
          hint="After the lease: 3 to 365 days, and lease + grace at most 365 days. Empty: 7 days (604800)."
          {...field("offlineGraceSeconds")}
        />
      </FieldGroup>
      <FieldGroup legend="Keys and versions">
        <SelectField
          label="Key scheme"
          choices={SCHEMES}
          hint="Cannot change once the policy has licenses."
          {...field("scheme")}
        />
        <TextField
          label="Oldest version (optional)"
          hint='Dotted numbers, e.g. "2.0"; empty: any.'
          {...field("minVersion")}
        />
        <TextField
          label="Newest version (optional)"
          hint='E.g. "2.99"; empty: any.'
          {...field("maxVersion")}
        />
      </FieldGroup>
      <MetadataField {...field("metadata")} />
    </FormPanel>
  );
}
