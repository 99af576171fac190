import { Type } from "@fastify/type-provider-typebox";
import { LICENSE_STATUSES } from "../domain/license-status.js";
import { OVERAGE_STRATEGIES } from "../domain/policy.js";
import type { EntitlementRecord, MachineRecord, SigningKeyRecord } from "../services/records.js";
import { Metadata, Nullable, oneOf, StringMatching, Timestamp } from "./schemas.js";

// The API forms of the records more than one route file answers with (licenses in validation
// and consumption answers, machines in validation answers, entitlements on policies and
// licenses): each response schema beside the presenter that fills it.

const NullableCount = Nullable(Type.Integer());
const NullableText = Nullable(Type.String());

// Checked against the policy's rules as a whole (domain/policy.ts effectiveRules): 400
// INVALID_OVERRIDES when the result is inconsistent (e.g. 3 machines on a node-locked policy).
export const Overrides = Type.Object(
  {
    maxMachines: Type.Optional(NullableCount),
    maxUses: Type.Optional(NullableCount),
    overage: Type.Optional(
      Type.Object(
        {
          strategy: Type.Optional(oneOf(OVERAGE_STRATEGIES)),
          allowance: Type.Optional(Type.Integer()),
        },
        { additionalProperties: false },
      ),
    ),
    heartbeatDurationSeconds: Type.Optional(NullableCount),
    leaseDurationSeconds: Type.Optional(Type.Integer()),
    offlineGraceSeconds: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false, description: "per-license changes to the policy's limits" },
);

export const License = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  policyId: Type.String(),
  userId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  name: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  key: Type.String({ description: "the license key (plain text or cryptographic)" }),
  status: oneOf(LICENSE_STATUSES),
  suspended: Type.Boolean(),
  expiresAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  uses: Type.Integer(),
  firstActivatedAt: Nullable(Timestamp),
  firstValidatedAt: Nullable(Timestamp),
  lastCheckInAt: Nullable(Timestamp),
  handshakeCodeId: Nullable(Type.String(), {
    description: "the handshake code devices reach this license through (trackable licenses)",
  }),
  overrides: Overrides,
  metadata: Metadata,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** The API form of a license with its status (the one shape webhooks carry too). */
export { licenseView as presentLicense } from "../services/licenses/view.js";

export const Variables = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
  description: "device variables (SPEC L6): a JSON object",
});

export const Machine = Type.Object({
  id: Type.String(),
  licenseId: Type.String(),
  fingerprint: Type.String({ description: "the SDK's device UUID or a hardware fingerprint" }),
  name: NullableText,
  platform: NullableText,
  osVersion: NullableText,
  appIdentifier: NullableText,
  appVersion: NullableText,
  variables: Variables,
  metadata: Metadata,
  lastHeartbeatAt: Nullable(Timestamp),
  heartbeatDeadlineAt: Nullable(Timestamp, {
    description: "the machine counts as dead after this without a heartbeat; null: none needed",
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export function presentMachine(machine: MachineRecord) {
  return {
    id: machine.id,
    licenseId: machine.licenseId,
    fingerprint: machine.fingerprint,
    name: machine.name,
    platform: machine.platform,
    osVersion: machine.osVersion,
    appIdentifier: machine.appIdentifier,
    appVersion: machine.appVersion,
    variables: machine.variables,
    metadata: machine.metadata,
    lastHeartbeatAt: machine.lastHeartbeatAt,
    heartbeatDeadlineAt: machine.heartbeatDeadlineAt,
    createdAt: machine.createdAt,
    updatedAt: machine.updatedAt,
  };
}

export const EntitlementCode = StringMatching(
  "^[A-Za-z0-9_.:-]+$",
  "must contain only letters, digits, '.', '_', ':' and '-'",
  { minLength: 1, maxLength: 100 },
);
export const EntitlementName = Type.String({ minLength: 1, maxLength: 200 });

export const Entitlement = Type.Object({
  id: Type.String(),
  code: EntitlementCode,
  name: EntitlementName,
  metadata: Metadata,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export function presentEntitlement(entitlement: EntitlementRecord) {
  return {
    id: entitlement.id,
    code: entitlement.code,
    name: entitlement.name,
    metadata: entitlement.metadata,
    createdAt: entitlement.createdAt,
    updatedAt: entitlement.updatedAt,
  };
}

/** A signing key's public half and rotation state (SPEC X7): the private half never leaves. */
export const SigningKey = Type.Object({
  id: Type.String({ description: "the key id artifacts name (kid, keyid)" }),
  algorithm: Type.Union([Type.Literal("ed25519"), Type.Literal("rsa")]),
  state: Type.Union([Type.Literal("next"), Type.Literal("active"), Type.Literal("retired")], {
    description:
      "next: published, signs nothing yet; active: signs (one per algorithm); retired: " +
      "verifies what it signed, never signs again",
  }),
  publicKey: Type.String({ description: "SubjectPublicKeyInfo, Base64 DER" }),
  createdAt: Timestamp,
  retiredAt: Nullable(Timestamp),
  endorsement: Nullable(
    Type.Object({
      keyId: Type.String({
        description: "the endorsing key: the algorithm's active key then",
        examples: ["key_01jf3k8q2w7x9r5t6v4m2n8p0c"],
      }),
      signature: Type.String({
        examples: [
          "OWOsKn06maymnYDbWvqvNJjePmUFnRZVTOFQLXDzZX47mnVZVp5Q22UamOwmjFxUrI3zi1j5ZqhMwGcUv4g-uA==",
        ],
        description:
          "base64url (padded) signature of the endorsing key over " +
          "`keyward-key-endorsement/<keyId>/<id>/<algorithm>/<base64url(SPKI DER)>` " +
          "(Ed25519, or RSA-PSS SHA-256 for rsa keys; docs/formats.md, Key endorsements)",
      }),
    }),
    {
      description:
        "the previous active key's signature over this key, made when it was created, so " +
        "clients that trust that key can trust this one; null for an organization's first keys " +
        "and keys created before endorsements existed",
    },
  ),
});

export function presentSigningKey(key: SigningKeyRecord) {
  return {
    id: key.id,
    algorithm: key.algorithm,
    state: key.state,
    publicKey: key.publicKey,
    createdAt: key.createdAt,
    retiredAt: key.retiredAt,
    endorsement: key.endorsement,
  };
}
