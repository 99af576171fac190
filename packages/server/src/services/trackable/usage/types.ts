import type { QuotaStage } from "../../../domain/trackable.js";
import type { Store } from "../../../store/database.js";
import type { Clock } from "../../clock.js";
import type { CredentialResolver, DeviceCredential } from "../credentials.js";

/** What the usage operations need: reports are counted at deps.clock(). */
export interface UsageDeps {
  store: Store;
  clock: Clock;
  credentials: CredentialResolver;
}

/** One condensed report of a device (SPEC T6). */
export interface UsageReportInput {
  /** The client's id: the same id again is the same report, counted once. */
  reportId: string;
  deviceId: string;
  periodStart: string;
  periodEnd: string;
  /** Uses per feature in the period. */
  counters: Record<string, number>;
}

export interface UsageInput extends DeviceCredential {
  productId: string;
  reports: UsageReportInput[];
}

export interface UsageResult {
  /** Reports counted now. */
  accepted: number;
  /** Reports already counted before (retries, duplicates): not counted again. */
  duplicates: number;
  /** Counter lines counted now (report × feature). */
  counted: number;
  rejected: Array<{ reportId: string; code: string }>;
  licenses: Array<{ licenseId: string; quota: QuotaStage }>;
}

export interface LicenseBatch {
  accepted: number;
  duplicates: number;
  counted: number;
  quota: QuotaStage;
  /** New reports refused: the quota and its grace were used up before them. */
  refused: UsageReportInput[];
}
