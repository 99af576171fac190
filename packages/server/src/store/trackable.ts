import type { ExpressionBuilder, Kysely } from "kysely";
import type { DeviceModel } from "../domain/trackable.js";
import { updatedAtNoEarlierThan } from "./licenses.js";
import { machineFromRow } from "./machines.js";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type {
  IdleDeviceRecord,
  MachineRecord,
  ProductTrackableSettings,
  TrackableSettingsLayer,
  TrialGrantRecord,
} from "./records.js";
import type { Database, TrialGrantsTable } from "./schema.js";
import { lockInOrder, pageById, selectScoped } from "./scoped.js";

// Trackable licenses: handshake-code bindings, settings, trial grants and the devices of a
// license as each device model counts them. Scoped by organization, except the lookups a device
// makes before any organization is known (a product for the public trial, a trial grant): the
// device's request names them by globally unique ids.

function trialFromRow(row: TrialGrantsTable): TrialGrantRecord {
  return {
    productId: row.product_id,
    kind: row.kind,
    subject: row.subject,
    hardwareId: row.hardware_id,
    organizationId: row.organization_id,
    licenseId: row.license_id,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}

export function trackableRepository(db: Kysely<Database>) {
  return {
    async bindLicense(
      organizationId: string,
      licenseId: string,
      handshakeCodeId: string | null,
      now: string,
    ): Promise<boolean> {
      const result = await db
        .updateTable("licenses")
        .set({ handshake_code_id: handshakeCodeId, updated_at: updatedAtNoEarlierThan(now) })
        .where("organization_id", "=", organizationId)
        .where("id", "=", licenseId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Ids of the licenses of `productId` bound to the code, oldest first (the device's pool). */
    async boundLicenseIds(
      organizationId: string,
      handshakeCodeId: string,
      productId: string,
    ): Promise<string[]> {
      const rows = await db
        .selectFrom("licenses")
        .select("id")
        .where("organization_id", "=", organizationId)
        .where("handshake_code_id", "=", handshakeCodeId)
        .where("product_id", "=", productId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map((row) => row.id);
    },

    /** The settings each policy or license among `ownerIds` sets itself, if it sets any. */
    async settingsLayers(
      organizationId: string,
      ownerIds: string[],
    ): Promise<Map<string, TrackableSettingsLayer>> {
      const rows = await db
        .selectFrom("trackable_settings")
        .select(["owner_id", "settings"])
        .where("organization_id", "=", organizationId)
        .where("owner_id", "in", ownerIds)
        .execute();
      return new Map(
        rows.map((row) => [row.owner_id, JSON.parse(row.settings) as TrackableSettingsLayer]),
      );
    },

    /** A product's settings; undefined when it has none stored. */
    async productSettings(
      organizationId: string,
      productId: string,
    ): Promise<ProductTrackableSettings | undefined> {
      const row = await db
        .selectFrom("trackable_settings")
        .select("settings")
        .where("organization_id", "=", organizationId)
        .where("owner_id", "=", productId)
        .executeTakeFirst();
      return row && (JSON.parse(row.settings) as ProductTrackableSettings);
    },

    /** Stores the settings of a product, policy or license (the owner's id), replacing any. */
    async putSettings(
      organizationId: string,
      ownerId: string,
      value: TrackableSettingsLayer | ProductTrackableSettings,
      now: string,
    ): Promise<void> {
      const settings = JSON.stringify(value);
      await db
        .insertInto("trackable_settings")
        .values({ owner_id: ownerId, organization_id: organizationId, settings, updated_at: now })
        .onConflict((oc) => oc.column("owner_id").doUpdateSet({ settings, updated_at: now }))
        .execute();
    },

    /** Drops the settings of a product, policy or license being deleted. */
    async deleteSettings(organizationId: string, ownerId: string): Promise<void> {
      await db
        .deleteFrom("trackable_settings")
        .where("organization_id", "=", organizationId)
        .where("owner_id", "=", ownerId)
        .execute();
    },

    /** The product's organization, by its globally unique id (public trial requests). */
    async productOrganization(productId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom("products")
        .select("organization_id")
        .where("id", "=", productId)
        .executeTakeFirst();
      return row?.organization_id;
    },

    /**
     * Claims the grant; false when one exists already for its subject or its hardware id. The
     * primary key and the hardware id's unique index decide between racing requests, across
     * processes: the loser's insert does nothing.
     */
    async claimTrial(grant: TrialGrantRecord): Promise<boolean> {
      const rows = await db
        .insertInto("trial_grants")
        .values({
          product_id: grant.productId,
          kind: grant.kind,
          subject: grant.subject,
          hardware_id: grant.hardwareId,
          organization_id: grant.organizationId,
          license_id: grant.licenseId,
          expires_at: grant.expiresAt,
          created_at: grant.createdAt,
        })
        .onConflict((oc) => oc.doNothing())
        .returning("license_id")
        .execute();
      return rows.length > 0;
    },

    /** The public trial a machine (hashed hardware id) already had, under any device UUID. */
    async trialOfHardware(
      productId: string,
      hardwareId: string,
    ): Promise<TrialGrantRecord | undefined> {
      const row = await db
        .selectFrom("trial_grants")
        .selectAll()
        .where("product_id", "=", productId)
        .where("kind", "=", "public")
        .where("hardware_id", "=", hardwareId)
        .executeTakeFirst();
      return row && trialFromRow(row);
    },

    async trial(
      productId: string,
      kind: TrialGrantRecord["kind"],
      subject: string,
    ): Promise<TrialGrantRecord | undefined> {
      const row = await db
        .selectFrom("trial_grants")
        .selectAll()
        .where("product_id", "=", productId)
        .where("kind", "=", kind)
        .where("subject", "=", subject)
        .executeTakeFirst();
      return row && trialFromRow(row);
    },

    /** The device's machine on any of the licenses, the oldest license first. */
    async deviceMachines(
      organizationId: string,
      licenseIds: string[],
      deviceIds: string[],
    ): Promise<MachineRecord[]> {
      if (licenseIds.length === 0 || deviceIds.length === 0) return [];
      const rows = await db
        .selectFrom("machines")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("license_id", "in", licenseIds)
        .where("fingerprint", "in", deviceIds)
        .execute();
      return rows.map(machineFromRow);
    },

    /** A page of the machines of the licenses (a handshake code's devices), in id order. */
    async devicesOf(
      organizationId: string,
      licenseIds: string[],
      page: PageRequest,
    ): Promise<Page<MachineRecord>> {
      if (licenseIds.length === 0) return { items: [], nextCursor: null };
      const query = selectScoped(db, "machines", organizationId).where(
        "license_id",
        "in",
        licenseIds,
      );
      return mapPage(await pageById(query, page), machineFromRow);
    },

    /**
     * Deletes the device's machines on any of the licenses and returns them. Call under the
     * licenses' row locks (as authorizations take them), so an authorization of the device
     * either comes first (and its seat is released here) or after (and registers it anew).
     */
    async deleteDevice(
      organizationId: string,
      licenseIds: string[],
      deviceId: string,
    ): Promise<MachineRecord[]> {
      if (licenseIds.length === 0) return [];
      const ofDevice = (eb: ExpressionBuilder<Database, "machines">) =>
        eb.and([
          eb("organization_id", "=", organizationId),
          eb("license_id", "in", licenseIds),
          eb("fingerprint", "=", deviceId),
        ]);
      // In lock order first, as validation flushes lock machines (see deleteForLicense).
      await lockInOrder(db, db.selectFrom("machines").select("id").where(ofDevice));
      const rows = await db.deleteFrom("machines").where(ofDevice).returningAll().execute();
      return rows.map(machineFromRow);
    },

    /**
     * The devices holding a seat of the license as the model counts them: every registered
     * device (per_device), the ones whose seat has not lapsed (concurrent), the ones active
     * since the period started (per_active_device; null: the license's lifetime).
     */
    async devicesInUse(
      organizationId: string,
      licenseId: string,
      model: DeviceModel,
      now: string,
      since: string | null,
    ): Promise<number> {
      let query = db
        .selectFrom("machines")
        .select((eb) => eb.fn.countAll<number | string>().as("count"))
        .where("organization_id", "=", organizationId)
        .where("license_id", "=", licenseId);
      if (model === "concurrent") query = query.where("heartbeat_deadline_at", ">", now);
      if (model === "per_active_device" && since !== null) {
        query = query.where("last_heartbeat_at", ">=", since);
      }
      const row = await query.executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /**
     * Marks devices as seen now; their seats (concurrent) last until `deadline`. Returns the ids
     * still there: a device deleted meanwhile (culled, released, deactivated) is not revived.
     */
    async touchDevices(
      organizationId: string,
      machineIds: string[],
      now: string,
      deadline: string | null,
    ): Promise<string[]> {
      if (machineIds.length === 0) return [];
      const rows = await db
        .updateTable("machines")
        .set({
          last_heartbeat_at: now,
          heartbeat_deadline_at: deadline,
          cull_when_dead: deadline === null ? 0 : 1,
          updated_at: now,
        })
        .where("organization_id", "=", organizationId)
        .where("id", "in", machineIds)
        .returning("id")
        .execute();
      return rows.map((row) => row.id);
    },

    /** Sets when an idle per-device device is released (null: never). */
    async markRelease(
      organizationId: string,
      machineIds: string[],
      licenseId: string,
      releaseAt: string | null,
    ): Promise<void> {
      if (machineIds.length === 0) return;
      await db
        .insertInto("trackable_devices")
        .values(
          machineIds.map((machineId) => ({
            machine_id: machineId,
            organization_id: organizationId,
            license_id: licenseId,
            release_at: releaseAt,
          })),
        )
        .onConflict((oc) => oc.column("machine_id").doUpdateSet({ release_at: releaseAt }))
        .execute();
    },

    /** Up to `limit` devices idle past their release time, the longest idle first. */
    async idleDevices(now: string, limit: number): Promise<IdleDeviceRecord[]> {
      const rows = await db
        .selectFrom("trackable_devices")
        .select(["machine_id", "organization_id", "license_id"])
        .where("release_at", "<=", now)
        .orderBy("release_at")
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        machineId: row.machine_id,
        organizationId: row.organization_id,
        licenseId: row.license_id,
      }));
    },

    /**
     * Deletes the license's devices among `machineIds` that are still idle past their release
     * time (activity in between keeps a device) and returns their machines. Call under the
     * license's row lock, so an authorization never touches a device being released.
     */
    async release(
      organizationId: string,
      licenseId: string,
      machineIds: string[],
      now: string,
    ): Promise<MachineRecord[]> {
      const idle = (eb: ExpressionBuilder<Database, "machines">) =>
        eb.and([
          eb("organization_id", "=", organizationId),
          eb("license_id", "=", licenseId),
          eb("id", "in", machineIds),
          eb(
            "id",
            "in",
            eb.selectFrom("trackable_devices").select("machine_id").where("release_at", "<=", now),
          ),
        ]);
      // In lock order first, as validation flushes lock machines (see deleteForLicense).
      await lockInOrder(db, db.selectFrom("machines").select("id").where(idle));
      const rows = await db.deleteFrom("machines").where(idle).returningAll().execute();
      return rows.map(machineFromRow);
    },
  };
}
