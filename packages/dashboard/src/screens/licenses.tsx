import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import {
  LICENSE_STATUSES,
  type License,
  type LicenseStatus,
  nameOf,
  useListPage,
  usePolicies,
  useProducts,
  useUsers,
} from "../api.js";
import {
  choicesOf,
  FieldGroup,
  FormPanel,
  fieldErrors,
  isoTime,
  localTime,
  MetadataField,
  metadataOf,
  metadataText,
  NumberField,
  numberOrNull,
  ProductField,
  SearchForm,
  SelectField,
  TextField,
  useForm,
  valuesOf,
} from "../forms.js";
import { LicenseLink } from "../license-names.js";
import { useSession } from "../session.js";
import { cursorOf, formatDate, PagedTable, StatusBadge } from "../ui.js";

/** The list's filters, kept in the address (?productId=…&status=…) so a view can be shared. */
export interface LicenseFilters {
  productId?: string | undefined;
  policyId?: string | undefined;
  status?: LicenseStatus | undefined;
  /** Search text: an exact key or id, or part of a name, user's email or metadata value. */
  q?: string | undefined;
  /**
   * The cursors of the pages up to the one shown (cursorOf), so Back from a license and a reload
   * find the page again. The whole stack, not the last cursor only: "Previous page" needs the
   * one before, and the API's cursors only go forward; each is short, and a page deep in a list
   * is reached by the filters first.
   */
  pages?: string[] | undefined;
}

export function Licenses() {
  const { pages, ...filters } = useSearch({ from: "/licenses" });
  const navigate = useNavigate({ from: "/licenses" });
  const products = useProducts();
  const policies = usePolicies();
  const search = (change: LicenseFilters) =>
    navigate({ search: (current: LicenseFilters) => ({ ...current, ...change }) });
  const licenses = useListPage("/v1/licenses", {
    filters,
    cursor: cursorOf(pages ?? [], (stack) =>
      search({ pages: stack.length > 0 ? stack : undefined }),
    ),
  });
  // Other filters are another list: back to its page 1.
  const filter = (change: LicenseFilters) => search({ ...change, pages: undefined });
  const policyChoices = policies.data?.filter(
    (policy) => !filters.productId || policy.productId === filters.productId,
  );

  return (
    <section>
      <h1>Licenses</h1>
      <LicenseForm />
      <h2>Find licenses</h2>
      <div className="filters">
        <ProductField
          none="Any product"
          value={filters.productId ?? ""}
          onChange={(productId) =>
            filter({ productId: productId || undefined, policyId: undefined })
          }
        />
        <SelectField
          label="Policy"
          none="Any policy"
          choices={choicesOf(policyChoices)}
          value={filters.policyId ?? ""}
          onChange={(policyId) => filter({ policyId: policyId || undefined })}
        />
        <SelectField
          label="Status"
          none="Any status"
          choices={LICENSE_STATUSES}
          value={filters.status ?? ""}
          onChange={(status) =>
            filter({ status: (status || undefined) as LicenseStatus | undefined })
          }
        />
        {/* The API's search (`?q=`): an exact key (the server compares its hash) or license id,
            or part of a name, a user's email or name, or a metadata value (`plan:pro`). */}
        <SearchForm
          name="Search licenses"
          label="Search"
          hint="Exact key or ID, or part of a name, user email or metadata value"
          button="Search"
          initial={filters.q}
          onSearch={(q) => filter({ q: q || undefined })}
        />
      </div>
      <PagedTable
        query={licenses.query}
        cursor={licenses.cursor}
        label="licenses"
        empty="No licenses match these filters."
        columns={[
          { header: "Name", cell: (license) => <LicenseLink license={license} /> },
          { header: "Status", cell: (license) => <StatusBadge status={license.status} /> },
          { header: "Product", cell: (license) => nameOf(products.data, license.productId) },
          { header: "Policy", cell: (license) => nameOf(policies.data, license.policyId) },
          { header: "Expires", cell: (license) => formatDate(license.expiresAt) },
        ]}
      />
    </section>
  );
}

type Overrides = License["overrides"];
type OverageStrategy = NonNullable<NonNullable<Overrides["overage"]>["strategy"]>;

const OVERAGE_STRATEGIES = valuesOf<OverageStrategy>({ none: true, percent: true, count: true });

/** The overrides that are a count or seconds, each a field of the form under its own name. */
const COUNT_OVERRIDES = [
  "maxMachines",
  "maxUses",
  "heartbeatDurationSeconds",
  "leaseDurationSeconds",
  "offlineGraceSeconds",
] as const;

/** The form's values of the overrides: empty is the policy's. */
type OverrideValues = Record<(typeof COUNT_OVERRIDES)[number], string> & {
  overageStrategy: string;
  overageAllowance: string;
};

/**
 * `overrides` with the override fields changed as typed: a typed value sets the override, an
 * emptied field removes it (the policy's applies). The overrides not changed stay as they are,
 * an override the form cannot show too (a null limit: unlimited, whatever the policy says).
 */
function overridesWith(
  overrides: Overrides,
  values: OverrideValues,
  changed: (name: keyof OverrideValues) => boolean,
): Overrides {
  const next: Record<string, unknown> = { ...overrides };
  const overage: Record<string, unknown> = { ...overrides.overage };
  const apply = (into: Record<string, unknown>, key: string, typed: string, value: unknown) => {
    if (typed.trim() === "") delete into[key];
    else into[key] = value;
  };
  for (const name of COUNT_OVERRIDES) {
    if (changed(name)) apply(next, name, values[name], numberOrNull(values[name]));
  }
  if (changed("overageStrategy")) {
    apply(overage, "strategy", values.overageStrategy, values.overageStrategy);
  }
  if (changed("overageAllowance")) {
    apply(overage, "allowance", values.overageAllowance, numberOrNull(values.overageAllowance));
  }
  if (Object.keys(overage).length > 0) next.overage = overage;
  else delete next.overage;
  return next as Overrides;
}

/** An override as typed ("" when the policy's applies). */
function overrideText(value: number | string | null | undefined): string {
  return value === undefined || value === null ? "" : String(value);
}

const LICENSE_FIELDS = [
  "productId",
  "policyId",
  "key",
  "name",
  "userId",
  "expiresAt",
  "overrides",
  "overrides.maxMachines",
  "overrides.maxUses",
  "overrides.overage.strategy",
  "overrides.overage.allowance",
  "overrides.heartbeatDurationSeconds",
  "overrides.leaseDurationSeconds",
  "overrides.offlineGraceSeconds",
  "metadata",
] as const;

/**
 * Creates a license (then shows it), or edits `license`: its policy (another of its product),
 * name, user, expiry, its overrides of the policy's rules (machine and use limits, overage,
 * heartbeat lifetime, lease, offline grace) and metadata. An edit sends only the fields changed.
 * The product and key are chosen at creation: the API changes neither afterwards.
 */
export function LicenseForm(props: { license?: License }) {
  const { client, kind } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const policies = usePolicies();
  const users = useUsers();
  const { license } = props;
  const start = (from: License | undefined) => ({
    productId: from?.productId ?? "",
    policyId: from?.policyId ?? "",
    key: "",
    name: from?.name ?? "",
    userId: from?.userId ?? "",
    expiresAt: localTime(from?.expiresAt ?? null),
    maxMachines: overrideText(from?.overrides.maxMachines),
    maxUses: overrideText(from?.overrides.maxUses),
    overageStrategy: overrideText(from?.overrides.overage?.strategy),
    overageAllowance: overrideText(from?.overrides.overage?.allowance),
    heartbeatDurationSeconds: overrideText(from?.overrides.heartbeatDurationSeconds),
    leaseDurationSeconds: overrideText(from?.overrides.leaseDurationSeconds),
    offlineGraceSeconds: overrideText(from?.overrides.offlineGraceSeconds),
    metadata: metadataText(from?.metadata ?? {}),
  });
  const form = useForm(start(license), license?.updatedAt);
  const { values, set, changed } = form;
  const policy = policies.data?.find((candidate) => candidate.id === values.policyId);
  const save = useMutation({
    mutationFn: async () => {
      const overrides = overridesWith(license?.overrides ?? {}, values, changed);
      if (license) {
        const overridesChanged =
          COUNT_OVERRIDES.some(changed) ||
          changed("overageStrategy") ||
          changed("overageAllowance");
        const { data } = await client.PATCH("/v1/licenses/{id}", {
          params: { path: { id: license.id } },
          body: {
            ...(changed("policyId") ? { policyId: values.policyId } : {}),
            ...(changed("name") ? { name: values.name.trim() || null } : {}),
            ...(changed("userId") ? { userId: values.userId || null } : {}),
            ...(changed("expiresAt")
              ? { expiresAt: values.expiresAt ? isoTime(values.expiresAt) : null }
              : {}),
            ...(overridesChanged ? { overrides } : {}),
            ...(changed("metadata") ? { metadata: metadataOf(values.metadata) } : {}),
          },
        });
        return data;
      }
      const { data } = await client.POST("/v1/licenses", {
        body: {
          productId: values.productId,
          policyId: values.policyId,
          ...(values.key ? { key: values.key } : {}),
          ...(values.name.trim() ? { name: values.name.trim() } : {}),
          ...(values.userId ? { userId: values.userId } : {}),
          ...(values.expiresAt ? { expiresAt: isoTime(values.expiresAt) } : {}),
          ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
          ...(values.metadata.trim() ? { metadata: metadataOf(values.metadata) } : {}),
        },
      });
      return data;
    },
    onSuccess: async (saved) => {
      // The license's screen lists its events, an edit's too.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["licenses"] }),
        queryClient.invalidateQueries({ queryKey: ["events"] }),
      ]);
      if (!license) await navigate({ to: "/licenses/$id", params: { id: saved.id } });
    },
  });
  const errors = fieldErrors(save.error);
  const field = form.withErrors(errors);
  /** "Empty: the policy's (…)": the policy's value, once the policy is chosen. */
  const policys = (value: number | string | null | undefined, none = "unlimited") =>
    `Empty: ${policy ? `the policy's (${value ?? none})` : "the policy's"}.`;
  return (
    <FormPanel
      title={license ? "Edit license" : "New license"}
      save={save}
      fields={LICENSE_FIELDS}
      submit={license ? "Save license" : "Create license"}
      saved={save.isSuccess && license ? "Saved." : null}
    >
      {license ? null : (
        <ProductField
          none="Choose a product"
          {...field("productId")}
          onChange={(productId) => {
            set("productId")(productId);
            set("policyId")("");
          }}
        />
      )}
      <SelectField
        label="Policy"
        none={license ? undefined : "Choose a policy"}
        hint={
          license
            ? "Another policy of the product moves the license: it keeps its key, limits, expiry and machines, which must fit the policy."
            : undefined
        }
        choices={choicesOf(
          policies.data?.filter((candidate) => candidate.productId === values.productId),
        )}
        {...field("policyId")}
      />
      <TextField label="Name (optional)" hint="E.g. the customer's email." {...field("name")} />
      {/* Only an admin token names a user (users are the organization's). */}
      {kind === "admin" ? (
        <SelectField
          label="User (optional)"
          none="No user"
          choices={users.data?.map((user) => ({
            value: user.id,
            label: user.name ? `${user.name} <${user.email}>` : user.email,
          }))}
          {...field("userId")}
        />
      ) : null}
      <TextField
        label="Expires (optional)"
        type="datetime-local"
        hint={
          license
            ? "Your time zone; empty: never."
            : "Your time zone; empty: as the policy says (its duration)."
        }
        {...field("expiresAt")}
      />
      <FieldGroup
        legend="Overrides of the policy"
        hint="This license's own limits and timings; each empty field follows the policy. The API checks them with the policy's other rules."
        error={errors.overrides}
      >
        <NumberField
          label="Max machines (optional)"
          hint={policys(policy?.maxMachines)}
          {...field("maxMachines", "overrides.maxMachines")}
        />
        <NumberField
          label="Max uses (optional)"
          hint={policys(policy?.maxUses)}
          {...field("maxUses", "overrides.maxUses")}
        />
        <SelectField
          label="Overage (optional)"
          none={policy ? `The policy's (${policy.overage.strategy})` : "The policy's"}
          choices={OVERAGE_STRATEGIES}
          hint="Use allowed above the limits: none, a percent of them or a count."
          {...field("overageStrategy", "overrides.overage.strategy")}
        />
        <NumberField
          label="Overage allowance (optional)"
          hint={`percent: 1–1000; count: units; none: 0. ${policys(policy?.overage.allowance)}`}
          {...field("overageAllowance", "overrides.overage.allowance")}
        />
        <NumberField
          label="Heartbeat lifetime (seconds, optional)"
          hint={`A machine without a heartbeat this long is dead. ${policys(policy?.heartbeat.durationSeconds, "none")}`}
          {...field("heartbeatDurationSeconds", "overrides.heartbeatDurationSeconds")}
        />
        <NumberField
          label="Lease (seconds, optional)"
          hint={`How long a device runs without asking again. ${policys(policy?.leaseDurationSeconds)}`}
          {...field("leaseDurationSeconds", "overrides.leaseDurationSeconds")}
        />
        <NumberField
          label="Offline grace (seconds, optional)"
          hint={`After the lease: 3 to 365 days, lease + grace at most 365 days. ${policys(policy?.offlineGraceSeconds)}`}
          {...field("offlineGraceSeconds", "overrides.offlineGraceSeconds")}
        />
      </FieldGroup>
      {license ? null : (
        <TextField
          label="Key (optional)"
          mono
          hint="Plain-text policies: the key itself (8–255 characters); empty: generated."
          {...field("key")}
        />
      )}
      <MetadataField {...field("metadata")} />
    </FormPanel>
  );
}
