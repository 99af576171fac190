import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import { type MetadataFilter, metadataMatches } from "./metadata-filter.js";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { MachineRecord } from "./records.js";
import type { Database, Machine } from "./schema.js";
import {
  deleteScoped,
  findScoped,
  licenseIdsOfProduct,
  licenseIdsOfUser,
  lockInOrder,
  pageById,
  selectScoped,
  updateScoped,
} from "./scoped.js";

export type MachineChanges = Partial<Pick<MachineRecord, "name" | "metadata" | "variables">>;

export function machineFromRow(row: Machine): MachineRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    licenseId: row.license_id,
    fingerprint: row.fingerprint,
    name: row.name,
    platform: row.platform,
    osVersion: row.os_version,
    appIdentifier: row.app_identifier,
    appVersion: row.app_version,
    variables: JSON.parse(row.variables) as MachineRecord["variables"],
    metadata: JSON.parse(row.metadata) as MachineRecord["metadata"],
    lastHeartbeatAt: row.last_heartbeat_at,
    heartbeatDeadlineAt: row.heartbeat_deadline_at,
    cullWhenDead: row.cull_when_dead === 1,
    lastValidatedAt: row.last_validated_at ?? null,
    lastValidationCode: row.last_validation_code ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function machineRow(machine: MachineRecord): Machine {
  return {
    id: machine.id,
    organization_id: machine.organizationId,
    license_id: machine.licenseId,
    fingerprint: machine.fingerprint,
    name: machine.name,
    platform: machine.platform,
    os_version: machine.osVersion,
    app_identifier: machine.appIdentifier,
    app_version: machine.appVersion,
    variables: JSON.stringify(machine.variables),
    metadata: JSON.stringify(machine.metadata),
    last_heartbeat_at: machine.lastHeartbeatAt,
    heartbeat_deadline_at: machine.heartbeatDeadlineAt,
    cull_when_dead: machine.cullWhenDead ? 1 : 0,
    last_validated_at: machine.lastValidatedAt,
    last_validation_code: machine.lastValidationCode,
    created_at: machine.createdAt,
    updated_at: machine.updatedAt,
  };
}

function machineColumns(changes: MachineChanges): Partial<Machine> {
  const columns: Partial<Machine> = {};
  if (changes.name !== undefined) columns.name = changes.name;
  if (changes.metadata !== undefined) columns.metadata = JSON.stringify(changes.metadata);
  if (changes.variables !== undefined) columns.variables = JSON.stringify(changes.variables);
  return columns;
}

export interface MachineFilter {
  licenseId?: string | undefined;
  /** Machines of the licenses of this product. */
  productId?: string | undefined;
  fingerprint?: string | undefined;
  /** Machines of the licenses of this user (the licensee). */
  userId?: string | undefined;
  /** Exact top-level metadata values, all of them (store/metadata-filter.ts; not indexed). */
  metadata?: MetadataFilter | undefined;
}

/** Activated machines by heartbeat state (domain/validation.ts HeartbeatState); total: all. */
export interface MachineCounts {
  alive: number;
  notStarted: number;
  dead: number;
  notRequired: number;
  total: number;
}

export function machinesRepository(db: Kysely<Database>) {
  return {
    /** Activation (services/activation.ts) inserts under the license's row lock. */
    async insert(machine: MachineRecord): Promise<void> {
      await db.insertInto("machines").values(machineRow(machine)).execute();
    },
    async find(organizationId: string, id: string): Promise<MachineRecord | undefined> {
      const row = await findScoped(db, "machines", organizationId, id);
      return row && machineFromRow(row);
    },
    async list(
      organizationId: string,
      filter: MachineFilter,
      page: PageRequest,
    ): Promise<Page<MachineRecord>> {
      let query = selectScoped(db, "machines", organizationId);
      if (filter.licenseId !== undefined) query = query.where("license_id", "=", filter.licenseId);
      if (filter.fingerprint !== undefined) {
        query = query.where("fingerprint", "=", filter.fingerprint);
      }
      if (filter.productId !== undefined) {
        query = query.where(
          "license_id",
          "in",
          licenseIdsOfProduct(db, organizationId, filter.productId),
        );
      }
      if (filter.userId !== undefined) {
        query = query.where(
          "license_id",
          "in",
          licenseIdsOfUser(db, organizationId, filter.userId),
        );
      }
      const metadata = metadataMatches(db, "machines.metadata", filter.metadata);
      if (metadata !== undefined) query = query.where(metadata);
      return mapPage(await pageById(query, page), machineFromRow);
    },
    /**
     * The activated machines now by heartbeat state (domain/validation.ts heartbeatState, as
     * SQL: ISO times in one format compare as text): the organization's, or one product's.
     */
    async counts(
      organizationId: string,
      productId: string | undefined,
      now: string,
    ): Promise<MachineCounts> {
      let query = db
        .selectFrom("machines")
        .where("organization_id", "=", organizationId)
        .select((eb) => {
          const count = (condition: Expression<SqlBool>) =>
            eb.fn.sum<number | string | bigint | null>(
              eb.case().when(condition).then(1).else(0).end(),
            );
          return [
            eb.fn.countAll<number | string | bigint>().as("total"),
            count(eb("heartbeat_deadline_at", "is", null)).as("not_required"),
            count(eb("heartbeat_deadline_at", "<=", now)).as("dead"),
            count(
              eb.and([eb("heartbeat_deadline_at", ">", now), eb("last_heartbeat_at", "is", null)]),
            ).as("not_started"),
          ];
        });
      if (productId !== undefined) {
        query = query.where("license_id", "in", licenseIdsOfProduct(db, organizationId, productId));
      }
      const row = await query.executeTakeFirstOrThrow();
      const total = Number(row.total);
      const notRequired = Number(row.not_required ?? 0);
      const dead = Number(row.dead ?? 0);
      const notStarted = Number(row.not_started ?? 0);
      return {
        alive: total - notRequired - dead - notStarted,
        notStarted,
        dead,
        notRequired,
        total,
      };
    },
    /** Applies the changes; false when the machine is unknown to this organization. */
    async update(
      organizationId: string,
      id: string,
      changes: MachineChanges,
      now: string,
    ): Promise<boolean> {
      return updateScoped(db, "machines", organizationId, id, {
        ...machineColumns(changes),
        updated_at: now,
      });
    },
    /** Moves the machine's heartbeat deadline (an offline activation renewing its period). */
    async setHeartbeatDeadline(
      organizationId: string,
      id: string,
      deadline: string,
      now: string,
    ): Promise<boolean> {
      return updateScoped(db, "machines", organizationId, id, {
        heartbeat_deadline_at: deadline,
        updated_at: now,
      });
    },
    delete(organizationId: string, id: string): Promise<boolean> {
      return deleteScoped(db, "machines", organizationId, id);
    },
    /** Every machine of a license (the license is being deleted); call inside a transaction. */
    async deleteForLicense(organizationId: string, licenseId: string): Promise<number> {
      const ofLicense = (eb: ExpressionBuilder<Database, "machines">) =>
        eb.and([eb("organization_id", "=", organizationId), eb("license_id", "=", licenseId)]);
      // In lock order first, as validation flushes lock machines: the DELETE's plan order
      // (by fingerprint, on a small table) deadlocked with a flush of them by id.
      await lockInOrder(db, db.selectFrom("machines").select("id").where(ofLicense));
      const result = await db.deleteFrom("machines").where(ofLicense).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
