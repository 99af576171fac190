import type { Store } from "../../store/database.js";
import { licensingRepository } from "../../store/licensing.js";
import type { Page, PageRequest } from "../../store/pagination.js";
import type { MachineRecord as Machine } from "../../store/records.js";
import { compareStrings } from "../../store/scoped.js";
import { trackableRepository } from "../../store/trackable.js";
import { recordAudit } from "../audit.js";
import type { Clock } from "../clock.js";
import { ServiceError } from "../errors.js";
import { recordEvents } from "../events.js";
import type { RequestOrigin } from "../principal.js";
import type { CredentialResolver, DeviceCredential } from "./credentials.js";

// SPEC X6 for trackable licenses: whoever holds a code's credential — the devices, or the
// customer's admin with the same organization id / handshake code and session password — lists
// the devices of the code's licenses of a product and frees the seat of one (a lost or
// reinstalled device), as a license key's holder deactivates the key's machines. The credential
// is checked exactly as an authorization checks it (session password, validation fields), and
// reaches only the licenses bound to its code: another code's, or another organization's,
// devices are unknown to it (404).

export interface OwnDevicesInput extends DeviceCredential {
  productId: string;
}

export interface ReleaseInput extends OwnDevicesInput {
  /** The device UUID (the machine's fingerprint) whose seat is freed. */
  deviceId: string;
  /** The request's id and source address, for the audit entry. */
  origin: RequestOrigin;
}

function credentialRequired(): ServiceError {
  return new ServiceError(
    "HANDSHAKE_CODE_REQUIRED",
    "send organizationId and/or handshakeCode: a public-trial device has no credential to " +
      "manage devices with",
  );
}

function noLicense(): ServiceError {
  return new ServiceError(
    "LICENSE_NOT_FOUND",
    "no license of this product is bound to the handshake code",
  );
}

export function ownDevicesService(deps: {
  store: Store;
  clock: Clock;
  credentials: CredentialResolver;
}) {
  const { store, clock } = deps;

  /** The code the credential resolves to and its licenses of the product (oldest first). */
  async function reach(input: OwnDevicesInput) {
    const code = await deps.credentials.resolve(input);
    // Neither organization nor code: a public trial's request, which proves nothing but a
    // device UUID anyone may send.
    if (code === null) throw credentialRequired();
    const licenseIds = await trackableRepository(store.db).boundLicenseIds(
      code.organizationId,
      code.id,
      input.productId,
    );
    if (licenseIds.length === 0) throw noLicense();
    return { code, licenseIds };
  }

  return {
    /** The devices (machines) of the code's licenses of the product, a page at a time. */
    async devices(input: OwnDevicesInput, page: PageRequest): Promise<Page<Machine>> {
      const { code, licenseIds } = await reach(input);
      return trackableRepository(store.db).devicesOf(code.organizationId, licenseIds, page);
    },

    /**
     * Frees the device's seat on the code's licenses of the product (normally one; every one
     * it holds): its machine is deleted under the license's row lock, with a
     * `machine.deactivated` event (`by: "handshake_code"`, also a webhook) and an audit entry
     * per machine. 404 DEVICE_NOT_FOUND when none of them has it.
     */
    async release(input: ReleaseInput): Promise<Machine[]> {
      const { code, licenseIds } = await reach(input);
      const organizationId = code.organizationId;
      const held = await trackableRepository(store.db).deviceMachines(organizationId, licenseIds, [
        input.deviceId,
      ]);
      const holding = [...new Set(held.map((machine) => machine.licenseId))].sort(compareStrings);
      const now = clock();
      const released =
        holding.length === 0
          ? []
          : await store.db.transaction().execute(async (trx) => {
              // The licenses' row locks, in lock order, as authorizations and the release job
              // take them: a racing authorization of this device comes wholly before or after.
              const licensing = licensingRepository(trx);
              for (const licenseId of holding)
                await licensing.lockLicense(organizationId, licenseId);
              const gone = await trackableRepository(trx).deleteDevice(
                organizationId,
                holding,
                input.deviceId,
              );
              for (const machine of gone) {
                await recordEvents(trx, now, {
                  organizationId,
                  type: "machine.deactivated",
                  licenseId: machine.licenseId,
                  machineId: machine.id,
                  data: {
                    fingerprint: machine.fingerprint,
                    by: "handshake_code",
                    handshakeCodeId: code.id,
                  },
                });
                await recordAudit(
                  trx,
                  {
                    kind: "handshake_code",
                    organizationId,
                    licenseId: machine.licenseId,
                    origin: input.origin,
                  },
                  now,
                  { action: "machine.deactivated", id: machine.id, before: machine },
                );
              }
              return gone;
            });
      if (released.length === 0) {
        // Unknown, already released, or a device of a license this credential does not reach:
        // one answer for all, so the request learns nothing about other codes' devices.
        throw new ServiceError(
          "DEVICE_NOT_FOUND",
          "no license of this product on the handshake code has this device",
        );
      }
      return released;
    },
  };
}

export type OwnDevicesService = ReturnType<typeof ownDevicesService>;
