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
} from "../forms.js";
import { LicenseLink } from "../license-names.js";
import { useSession } from "../session.js";
import { formatDate, PagedTable, StatusBadge } from "../ui.js";

/** The list's filters, kept in the address (?productId=…&status=…) so a view can be shared. */
export interface LicenseFilters {
  productId?: string | undefined;
  policyId?: string | undefined;
  status?: LicenseStatus | undefined;
  /** Search text: an exact key or id, or part of a name, user's email or metadata value. */
  q?: string | undefined;
}

export function Licenses() {
  const filters = useSearch({ from: "/licenses" });
  const navigate = useNavigate({ from: "/licenses" });
  const products = useProducts();
  const policies = usePolicies();
  const licenses = useListPage("/v1/licenses", { filters });
  const filter = (change: LicenseFilters) =>
    navigate({ search: (current: LicenseFilters) => ({ ...current, ...change }) });
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

/** The license's overrides with its machine and use limits as typed (empty: the policy's). */
function overridesWith(
  overrides: License["overrides"],
  limits: { maxMachines: string; maxUses: string },
): License["overrides"] {
  const kept = Object.fromEntries(
    Object.entries(overrides).filter(([name]) => name !== "maxMachines" && name !== "maxUses"),
  );
  return {
    ...kept,
    ...(limits.maxMachines.trim() ? { maxMachines: numberOrNull(limits.maxMachines) } : {}),
    ...(limits.maxUses.trim() ? { maxUses: numberOrNull(limits.maxUses) } : {}),
  };
}

/** A limit of the license's own overrides, as typed ("" when the policy's applies). */
function limitText(value: number | null | undefined): string {
  return value === undefined || value === null ? "" : String(value);
}

const LICENSE_FIELDS = [
  "productId",
  "policyId",
  "key",
  "name",
  "userId",
  "expiresAt",
  "overrides.maxMachines",
  "overrides.maxUses",
  "metadata",
] as const;

/**
 * Creates a license (then shows it), or edits `license`: its policy (another of its product),
 * name, user, expiry, machine and use limits (overrides of its policy's) and metadata. An edit
 * sends only the fields changed. The product and key are chosen at creation: the API changes
 * neither afterwards.
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
    maxMachines: limitText(from?.overrides.maxMachines),
    maxUses: limitText(from?.overrides.maxUses),
    metadata: metadataText(from?.metadata ?? {}),
  });
  const form = useForm(start(license), license?.updatedAt);
  const { values, set, changed } = form;
  const policy = policies.data?.find((candidate) => candidate.id === values.policyId);
  const save = useMutation({
    mutationFn: async () => {
      if (license) {
        const limits = changed("maxMachines") || changed("maxUses");
        const { data } = await client.PATCH("/v1/licenses/{id}", {
          params: { path: { id: license.id } },
          body: {
            ...(changed("policyId") ? { policyId: values.policyId } : {}),
            ...(changed("name") ? { name: values.name.trim() || null } : {}),
            ...(changed("userId") ? { userId: values.userId || null } : {}),
            ...(changed("expiresAt")
              ? { expiresAt: values.expiresAt ? isoTime(values.expiresAt) : null }
              : {}),
            ...(limits ? { overrides: overridesWith(license.overrides, values) } : {}),
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
          ...(values.maxMachines.trim() || values.maxUses.trim()
            ? { overrides: overridesWith({}, values) }
            : {}),
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
  const policyLimit = (value: number | null | undefined) =>
    policy ? `the policy's (${value ?? "unlimited"})` : "the policy's";
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
          value={values.productId}
          error={errors.productId}
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
        value={values.policyId}
        error={errors.policyId}
        onChange={set("policyId")}
      />
      <TextField
        label="Name (optional)"
        hint="E.g. the customer's email."
        value={values.name}
        error={errors.name}
        onChange={set("name")}
      />
      {/* Only an admin token names a user (users are the organization's). */}
      {kind === "admin" ? (
        <SelectField
          label="User (optional)"
          none="No user"
          choices={users.data?.map((user) => ({
            value: user.id,
            label: user.name ? `${user.name} <${user.email}>` : user.email,
          }))}
          value={values.userId}
          error={errors.userId}
          onChange={set("userId")}
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
        value={values.expiresAt}
        error={errors.expiresAt}
        onChange={set("expiresAt")}
      />
      <NumberField
        label="Max machines (optional)"
        hint={`Empty: ${policyLimit(policy?.maxMachines)}.`}
        value={values.maxMachines}
        error={errors["overrides.maxMachines"]}
        onChange={set("maxMachines")}
      />
      <NumberField
        label="Max uses (optional)"
        hint={`Empty: ${policyLimit(policy?.maxUses)}.`}
        value={values.maxUses}
        error={errors["overrides.maxUses"]}
        onChange={set("maxUses")}
      />
      {license ? null : (
        <TextField
          label="Key (optional)"
          mono
          hint="Plain-text policies: the key itself (8–255 characters); empty: generated."
          value={values.key}
          error={errors.key}
          onChange={set("key")}
        />
      )}
      <MetadataField value={values.metadata} error={errors.metadata} onChange={set("metadata")} />
    </FormPanel>
  );
}
