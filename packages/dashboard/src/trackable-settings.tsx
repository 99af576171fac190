// A policy's or a license's trackable settings (GET/PUT /v1/policies|licenses/{id}/trackable):
// how devices are counted, the usage period, feature quotas and alert thresholds. A license
// follows its policy's, field by field, where it sets none itself; a policy the defaults.
import type { paths } from "@keyward/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useId } from "react";
import {
  CheckboxField,
  FormPanel,
  fieldErrors,
  listOf,
  metadataOf,
  metadataText,
  NumberField,
  numberOrNull,
  SelectField,
  TextAreaField,
  TextField,
  useForm,
  valuesOf,
} from "./forms.js";
import { useCanWrite, useSession } from "./session.js";
import { QueryView } from "./ui.js";

type Owner = "policy" | "license";

const PATHS = {
  policy: "/v1/policies/{id}/trackable",
  license: "/v1/licenses/{id}/trackable",
} as const;

/** The API's answer: the settings the owner sets itself, and those in effect. */
interface Settings {
  own: Partial<Effective>;
  effective: Effective;
}
interface Effective {
  deviceModel: "per_device" | "concurrent" | "per_active_device";
  inactiveDays: number;
  seatSeconds: number;
  period: "lifetime" | "month";
  featureQuotas: Record<string, number>;
  alertThresholds: number[];
}
type Setting = keyof Effective;

const DEVICE_MODELS = valuesOf<Effective["deviceModel"]>({
  per_device: true,
  concurrent: true,
  per_active_device: true,
});
const PERIODS = valuesOf<Effective["period"]>({ lifetime: true, month: true });

/** The body paths the form has a field for (the API's problems elsewhere show above its button). */
const FIELDS = [
  "deviceModel",
  "inactiveDays",
  "seatSeconds",
  "period",
  "featureQuotas",
  "alertThresholds",
] as const satisfies readonly Setting[];

/** Typed as a JSON object: a feature's problem is said at the field, naming the feature. */
const MAPS = ["featureQuotas"] as const;

/** Each setting's "Use the policy's …" checkbox, unchecked. */
const INHERIT: Readonly<Record<`${Setting}Inherited`, boolean>> = {
  deviceModelInherited: false,
  inactiveDaysInherited: false,
  seatSecondsInherited: false,
  periodInherited: false,
  featureQuotasInherited: false,
  alertThresholdsInherited: false,
};

/** The form's values for the settings in effect (and no checkbox checked). */
function formOf(effective: Effective) {
  return {
    ...INHERIT,
    deviceModel: effective.deviceModel as string,
    inactiveDays: String(effective.inactiveDays),
    seatSeconds: String(effective.seatSeconds),
    period: effective.period as string,
    featureQuotas: metadataText(effective.featureQuotas),
    alertThresholds: effective.alertThresholds.join(", "),
  };
}

/** Where a setting comes from, said in its hint. */
function sourceOf(settings: Settings, owner: Owner, name: Setting): string {
  if (settings.own[name] !== undefined) return `Set on this ${owner}.`;
  return owner === "license" ? "From the policy (or the default)." : "The default.";
}

/**
 * The settings of a policy or license, for admin tokens (the API answers them no other): a form
 * for a read-and-write token, the values and where each comes from for a read-only one.
 */
export function TrackableSettings(props: { owner: Owner; id: string }) {
  const { client, kind } = useSession();
  const canWrite = useCanWrite();
  const heading = useId();
  const settings = useQuery({
    queryKey: [props.owner === "license" ? "licenses" : "policies", "trackable", props.id],
    queryFn: async () =>
      (await client.GET(PATHS[props.owner], { params: { path: { id: props.id } } }))
        .data as Settings,
    enabled: kind === "admin",
  });
  if (kind !== "admin") return null;
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>Trackable settings</h2>
      <p>
        How trackable devices are counted and the usage quotas of the period
        {props.owner === "license"
          ? ": the license follows its policy's where it sets none itself."
          : ": its licenses follow them where they set none themselves."}
      </p>
      <QueryView query={settings} label="the trackable settings">
        {(data) =>
          canWrite ? (
            <SettingsForm owner={props.owner} id={props.id} settings={data} />
          ) : (
            <SettingsFacts owner={props.owner} settings={data} />
          )
        }
      </QueryView>
    </section>
  );
}

/** The settings in effect, each with where it comes from (a read-only token). */
function SettingsFacts(props: { owner: Owner; settings: Settings }) {
  const { effective } = props.settings;
  const quotas = Object.entries(effective.featureQuotas);
  const rows: [Setting, string, string][] = [
    ["deviceModel", "Device model", effective.deviceModel],
    ["inactiveDays", "Inactive devices released after (days)", String(effective.inactiveDays)],
    ["seatSeconds", "Seat lasts (seconds)", String(effective.seatSeconds)],
    ["period", "Period", effective.period],
    [
      "featureQuotas",
      "Feature quotas",
      quotas.length === 0 ? "none" : quotas.map(([name, n]) => `${name}: ${n}`).join(", "),
    ],
    [
      "alertThresholds",
      "Alert thresholds (percent)",
      effective.alertThresholds.length === 0 ? "none" : effective.alertThresholds.join(", "),
    ],
  ];
  return (
    <dl className="facts">
      {rows.map(([name, label, value]) => (
        <Fragment key={name}>
          <dt>{label}</dt>
          <dd>
            {value} <span className="hint">({sourceOf(props.settings, props.owner, name)})</span>
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** A setting named in its "Use the policy's …" checkbox. */
const NAMES: Readonly<Record<Setting, string>> = {
  deviceModel: "device model",
  inactiveDays: "inactive days",
  seatSeconds: "seat length",
  period: "period",
  featureQuotas: "feature quotas",
  alertThresholds: "alert thresholds",
};

/** A field's text as the body's value. */
const BODY_VALUES: Readonly<Record<Setting, (text: string) => unknown>> = {
  deviceModel: (text) => text,
  inactiveDays: numberOrNull,
  seatSeconds: numberOrNull,
  period: (text) => text,
  featureQuotas: metadataOf,
  // Items that are not numbers go as typed: the API names the item.
  alertThresholds: (text) => listOf(text).map(numberOrNull),
};

/** The PUT's body (the same for a policy and a license). */
type Change = NonNullable<
  paths["/v1/policies/{id}/trackable"]["put"]["requestBody"]
>["content"]["application/json"];

/** The form's checkbox that gives up the owner's own `name` for the inherited one. */
const inherit = (name: Setting) => `${name}Inherited` as const;

/**
 * The settings in effect, changed field by field: only the fields changed are sent. Each setting
 * the owner sets itself has a checkbox beneath it: checked, the field is set aside and the save
 * sends null for it, removing the owner's own so the policy's (or the default) applies again.
 */
function SettingsForm(props: { owner: Owner; id: string; settings: Settings }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const { owner, settings } = props;
  const form = useForm(formOf(settings.effective), JSON.stringify(settings));
  const { values, changed } = form;
  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {};
      for (const name of FIELDS) {
        if (values[inherit(name)]) body[name] = null;
        else if (changed(name)) body[name] = BODY_VALUES[name](values[name]);
      }
      return client.PUT(PATHS[owner], {
        params: { path: { id: props.id } },
        // Built setting by setting above (a value, or null to remove the own one).
        body: body as Change,
      });
    },
    // The owner's queries, these settings among them (a license's usage follows them).
    onSuccess: () =>
      queryClient.invalidateQueries({
        queryKey: [owner === "license" ? "licenses" : "policies"],
      }),
  });
  const field = form.withErrors(fieldErrors(save.error, MAPS));
  const inherited = owner === "license" ? "the policy's (or the default)" : "the default";
  /** Where the setting comes from, or what applies once saved if its checkbox is checked. */
  const source = (name: Setting) =>
    values[inherit(name)]
      ? `Set on this ${owner}: ${inherited} once saved.`
      : sourceOf(settings, owner, name);
  /** A field's value, error and onChange, and whether it is set aside for the inherited one. */
  const setting = (name: Setting) => ({
    ...field(name),
    disabled: values[inherit(name)],
  });
  /** Beneath a setting the owner sets itself: the checkbox that goes back to the inherited one. */
  const reset = (name: Setting) =>
    settings.own[name] === undefined ? null : (
      <CheckboxField
        label={
          owner === "license" ? `Use the policy's ${NAMES[name]}` : `Use the default ${NAMES[name]}`
        }
        {...field(inherit(name))}
      />
    );
  return (
    <FormPanel
      title="Edit trackable settings"
      save={save}
      fields={FIELDS}
      maps={MAPS}
      submit="Save trackable settings"
      saved={save.isSuccess ? "Saved." : null}
    >
      <div className="setting">
        <SelectField
          label="Device model"
          choices={DEVICE_MODELS}
          hint={`per_device: registered devices; concurrent: devices in use (a seat); per_active_device: devices seen in the period. Their limit is Max machines. ${source("deviceModel")}`}
          {...setting("deviceModel")}
        />
        {reset("deviceModel")}
      </div>
      <div className="setting">
        <NumberField
          label="Inactive devices released after (days)"
          hint={`per_device: 1–3650. ${source("inactiveDays")}`}
          {...setting("inactiveDays")}
        />
        {reset("inactiveDays")}
      </div>
      <div className="setting">
        <NumberField
          label="Seat lasts (seconds)"
          hint={`concurrent: after the last authorization or report, 60–604800. ${source("seatSeconds")}`}
          {...setting("seatSeconds")}
        />
        {reset("seatSeconds")}
      </div>
      <div className="setting">
        <SelectField
          label="Period"
          choices={PERIODS}
          hint={`What quotas, alerts and active devices count over (month: UTC). ${source("period")}`}
          {...setting("period")}
        />
        {reset("period")}
      </div>
      <div className="setting">
        <TextAreaField
          label="Feature quotas"
          hint={`A JSON object of uses per feature and period, e.g. {"export": 1000}; empty: none. ${source("featureQuotas")}`}
          {...setting("featureQuotas")}
        />
        {reset("featureQuotas")}
      </div>
      <div className="setting">
        <TextField
          label="Alert thresholds (percent)"
          hint={`Comma-separated, e.g. 80, 90, 100; empty: no alerts. ${source("alertThresholds")}`}
          {...setting("alertThresholds")}
        />
        {reset("alertThresholds")}
      </div>
    </FormPanel>
  );
}
