// Trackable mode (SPEC T2–T9, T12): the device is recognised by the vendor's organization id and/or
// handshake code (+ session password), not a license key; it authorizes for a signed lease and
// reports usage counters, buffered in storage while offline and counted once thanks to report ids.
import {
  decryptTrackable,
  encryptTrackable,
  type LeaseClaims,
  type PublicKey,
  TRACKABLE_ENCRYPTION,
  type TrackableContext,
  type TrustedKeys,
} from "@keyward/formats";
import {
  asKeywardError,
  connect,
  hmacSha256Hex,
  readPublicKey,
  readTrustedKeys,
  schedule,
  serialQueue,
  sha256Hex,
  startTimedChecks,
  statusChanged,
  storedDeviceId,
  type TrustedKeyInput,
} from "./common.js";
import { Emitter } from "./emitter.js";
import { KeywardError } from "./errors.js";
import { type FetchLike, type RetryOptions, serverError, type transport } from "./http.js";
import { checkLease, type DeviceLease } from "./lease.js";
import { type LicenseStatus, lockedStatus, statusFromLease } from "./status.js";
import type { KeywardStorage } from "./storage.js";
import { UsageBuffer, type UsageReport } from "./usage.js";

/** What the app tells the server about itself; the handshake code may restrict each (T5). */
export interface TrackableAppInfo {
  /** The web domain the app runs on. */
  domain?: string;
  processName?: string;
  /** Package name or bundle id. */
  identifier?: string;
  platform?: string;
  version?: string;
}

export interface TrackableClientOptions {
  serverUrl: string;
  /** Asked when the main server does not answer (SPEC T13). */
  standbyUrl?: string;
  /** The vendor's Ed25519 public key that signs leases (PEM, Base64 DER, hex or parsed). */
  publicKey?: string | Uint8Array | PublicKey;
  /**
   * Instead of `publicKey`: several trusted keys with their ids (SPEC X7), e.g. the answer of
   * GET /v1/organizations/{id}/signing-keys as it is; a lease is verified with the key its
   * `kid` names.
   */
  publicKeys?: readonly TrustedKeyInput[] | { data: readonly TrustedKeyInput[] };
  productId: string;
  /** Alone: the organization's default handshake code. Neither this nor handshakeCode: trial. */
  organizationId?: string;
  handshakeCode?: string;
  sessionPassword?: string;
  app?: TrackableAppInfo;
  /** Device UUID, lease, last server time and usage persist here. */
  storage: KeywardStorage;
  /** Default: the system clock. */
  clock?: () => Date;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** Per request attempt: default 10 000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  sleep?: (ms: number) => Promise<void>;
  /** Tolerated difference between device and server clocks: default 300 seconds. */
  clockSkewSeconds?: number;
  /** How often startFlushing() sends usage: default 180 000 ms (3 minutes). */
  flushIntervalMs?: number;
  /**
   * Public trials only: the platform's machine id, so the trial is once per machine and not
   * only once per device UUID (clearing storage makes a new UUID, not a new trial). It is never
   * sent as such: the server gets HMAC-SHA-256 of it keyed with the product id (`hardwareId`),
   * so two products or two vendors cannot match one machine. `createTrackableClient` from
   * `@keyward/sdk/node` reads the OS machine id by default; browsers have none. null: not sent.
   */
  machineId?: (() => string | null | Promise<string | null>) | null;
  /**
   * SPEC T12: ask for authorizations and usage answers encrypted, and send usage reports
   * encrypted (AES-256-GCM, key derived with HKDF-SHA256 from organizationId, handshakeCode and
   * sessionPassword; docs/server.md). The lease inside is verified as always after decryption.
   * Needs organizationId or handshakeCode (public trials have no shared secret). An answer that
   * does not decrypt is a CANNOT_DECRYPT error; a plain answer to an encrypted request is
   * BAD_RESPONSE. Not a substitute for TLS: the key comes from what each request carries.
   */
  encrypt?: boolean;
}

/** The license status plus what trackable leases add. */
export interface TrackableStatus extends LicenseStatus {
  /** The signed quota stage at authorization: ok, or grace (limit reached, overage running). */
  quota: "ok" | "grace" | null;
  /** The trial the device runs on, if any. */
  trial: "public" | "private" | null;
}

/** What one flush did. */
export interface FlushResult {
  /** Reports sent (all pending ones, in batches of at most 1000). */
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: RejectedReport[];
  /** Quota stage per license the reports went to. */
  licenses: { licenseId: string; quota: "ok" | "grace" | "exhausted" }[];
}

/** A device of the license(s) the credential reaches (devices()). */
export interface TrackableDevice {
  /** The device's machine id on the server (mach_…). */
  id: string;
  licenseId: string;
  /** The device's UUID: what releaseDevice() takes. */
  deviceId: string;
  platform: string | null;
  appVersion: string | null;
  /** Its last authorization or usage report. */
  lastSeenAt: string | null;
  /** Concurrent licenses: when its seat lapses without activity; null otherwise. */
  seatUntil: string | null;
  createdAt: string;
}

export interface RejectedReport {
  report: UsageReport;
  /** Why the server refused it, e.g. QUOTA_EXCEEDED. */
  code: string;
}

export interface TrackableEvents {
  /** The state or its reason changed (valid → grace → locked, or back). */
  change: (status: TrackableStatus, previous: TrackableStatus | null) => void;
  /** Reports the server refused (quota used up, …): removed from the queue, handed over here. */
  rejected: (reports: RejectedReport[]) => void;
  /** A flush was answered. */
  flushed: (result: FlushResult) => void;
  /** Background work (timed flushes or checks) failed; it is retried at the next interval. */
  error: (error: KeywardError) => void;
}

/** Reports per usage request (the server takes up to 1000). */
const BATCH = 1000;

export class TrackableClient extends Emitter<TrackableEvents> {
  readonly #options: TrackableClientOptions;
  readonly #http: ReturnType<typeof transport>;
  readonly #clock: () => Date;
  readonly #lease: DeviceLease;
  #deviceId: Promise<string> | undefined;
  #hardwareId: Promise<string | null> | undefined;
  #scope: Promise<string> | undefined;
  #status: TrackableStatus | null = null;
  /** Serializes operations that read and write the stored state. */
  readonly #serial = serialQueue();
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** Stops startChecks()' timer; undefined when none runs. */
  #stopChecks: (() => void) | undefined;

  constructor(options: TrackableClientOptions) {
    super();
    if (!options.storage) throw new KeywardError("CONFIG", "storage is required");
    if (typeof options.productId !== "string" || options.productId === "") {
      throw new KeywardError("CONFIG", "productId is required");
    }
    if (
      options.sessionPassword !== undefined &&
      !options.handshakeCode &&
      !options.organizationId
    ) {
      throw new KeywardError("CONFIG", "sessionPassword needs organizationId or handshakeCode");
    }
    if (options.encrypt && !options.handshakeCode && !options.organizationId) {
      throw new KeywardError("CONFIG", "encrypt needs organizationId or handshakeCode");
    }
    this.#options = options;
    if ((options.publicKey === undefined) === (options.publicKeys === undefined)) {
      throw new KeywardError("CONFIG", "give exactly one of publicKey and publicKeys");
    }
    const key: TrustedKeys =
      options.publicKey !== undefined
        ? readPublicKey(options.publicKey)
        : readTrustedKeys(options.publicKeys!);
    this.#http = connect(options);
    this.#clock = options.clock ?? (() => new Date());
    this.#lease = {
      storage: options.storage,
      storageKey: () => this.#storageKey("trackable-lease"),
      key: async () => key,
      fingerprint: () => this.deviceId(),
      productId: options.productId,
      skewSeconds: options.clockSkewSeconds ?? 300,
    };
  }

  /** The last status authorize() produced; null before the first. */
  get status(): TrackableStatus | null {
    return this.#status;
  }

  /** The device UUID: generated on first run and kept in storage (SPEC T7). */
  deviceId(): Promise<string> {
    this.#deviceId ??= storedDeviceId(this.#options.storage).catch((error: unknown) => {
      this.#deviceId = undefined;
      throw error;
    });
    return this.#deviceId;
  }

  /**
   * What the device may do now. While the stored lease is valid, no request; otherwise POST
   * /v1/trackable/authorize and keep the verified lease. Offline or refused without a signed
   * answer (wrong session password, unknown code: `status.error`), the stored lease's grace
   * applies, then LOCKED; a signed refusal (QUOTA_EXCEEDED, LICENSE_EXPIRED, …) locks at once.
   * Never throws for network or server failures. `force` asks even while the lease is valid.
   */
  authorize(options: { force?: boolean } = {}): Promise<TrackableStatus> {
    return this.#serial(async () => this.#publish(await this.#authorize(options.force ?? false)));
  }

  #authorize(force: boolean): Promise<TrackableStatus> {
    return checkLease(this.#lease, this.#clock(), force, {
      ask: (nonce) => this.#askServer(nonce),
      status: trackableStatus,
      locked: (reason, now, error) => plain(lockedStatus(reason, now, error)),
    });
  }

  /**
   * The hashed machine id a public-trial request carries; null for other requests, and where
   * the platform gives none (a machine id that cannot be read falls back to the UUID rule).
   */
  #trialHardwareId(): Promise<string | null> {
    const { organizationId, handshakeCode, machineId, productId } = this.#options;
    if (organizationId || handshakeCode || !machineId) return Promise.resolve(null);
    this.#hardwareId ??= Promise.resolve()
      .then(machineId)
      .then(
        (id) => (id ? hmacSha256Hex(`keyward-trial:${productId}`, id) : null),
        () => null,
      );
    return this.#hardwareId;
  }

  /** POST /v1/trackable/authorize with `nonce`: the signed lease of the answer. */
  async #askServer(nonce: string): Promise<string> {
    const deviceId = await this.deviceId();
    const hardwareId = await this.#trialHardwareId();
    const app = this.#options.app ?? {};
    const answer = await this.#http.request({
      method: "POST",
      path: "/v1/trackable/authorize",
      body: {
        ...this.#credential(),
        deviceId,
        ...(hardwareId ? { hardwareId } : {}),
        nonce,
        ...(app.platform ? { platform: app.platform } : {}),
        ...(app.version ? { appVersion: app.version } : {}),
        ...(this.#options.encrypt ? { encryption: TRACKABLE_ENCRYPTION } : {}),
      },
    });
    if (answer.status !== 200) throw serverError(answer, "authorization");
    const body = await this.#opened(answer.body, {
      purpose: "authorization",
      productId: this.#options.productId,
      deviceId,
      nonce,
    });
    const lease: unknown = body?.lease;
    if (typeof lease !== "string") {
      throw new KeywardError("BAD_RESPONSE", "the authorization answer has no signed lease");
    }
    return lease;
  }

  /**
   * Counts `n` uses of `feature` (default 1) in storage: they survive restarts and are sent by
   * the next flush.
   */
  count(feature: string, n = 1): Promise<void> {
    return this.#serial(async () =>
      (await this.#usage()).count(feature, n, await this.deviceId(), this.#clock()),
    );
  }

  /** Uses counted and not yet acknowledged by the server, per feature. */
  unsent(): Promise<Record<string, number>> {
    return this.#serial(async () => (await this.#usage()).unsent(this.#clock()));
  }

  /**
   * Sends the usage counted so far (POST /v1/trackable/usage). The counters first become a
   * report with a new id, stored before it is sent: after a crash or a lost answer the same id is
   * sent again and the server counts it once (T6). Answered reports (counted, duplicates,
   * refused) leave the queue; refused ones go to the "rejected" event. Offline, the reports stay
   * and all go with a later flush. Throws KeywardError (NETWORK, or SERVER: e.g.
   * SESSION_PASSWORD_INVALID) with nothing lost.
   */
  flush(): Promise<FlushResult> {
    return this.#serial(async () => {
      const usage = await this.#usage();
      const pending = await usage.close(await this.deviceId(), this.#clock());
      const result: FlushResult = {
        sent: 0,
        accepted: 0,
        duplicates: 0,
        rejected: [],
        licenses: [],
      };
      for (let start = 0; start < pending.length; start += BATCH) {
        const batch = pending.slice(start, start + BATCH);
        const encrypted = this.#options.encrypt
          ? await encryptTrackable(
              this.#options,
              { purpose: "usage-report", productId: this.#options.productId },
              { reports: batch },
            )
          : null;
        const answer = await this.#http.request({
          method: "POST",
          path: "/v1/trackable/usage",
          body: {
            ...this.#credential(),
            ...(encrypted ? { encryption: TRACKABLE_ENCRYPTION, encrypted } : { reports: batch }),
          },
        });
        if (answer.status !== 200) throw serverError(answer, "usage report");
        // Not decrypted: thrown before the batch leaves the queue, so it is sent again later.
        const body =
          (await this.#opened(answer.body, {
            purpose: "usage-answer",
            productId: this.#options.productId,
            nonce: encrypted?.iv,
          })) ?? {};
        const refused = new Map<string, string>(
          (Array.isArray(body.rejected) ? body.rejected : []).map(
            (r: { reportId: string; code: string }) => [r.reportId, r.code],
          ),
        );
        await usage.remove(new Set(batch.map((report) => report.reportId)), this.#clock());
        result.sent += batch.length;
        result.accepted += Number(body.accepted) || 0;
        result.duplicates += Number(body.duplicates) || 0;
        result.rejected.push(
          ...batch
            .filter((report) => refused.has(report.reportId))
            .map((report) => ({ report, code: refused.get(report.reportId) ?? "REJECTED" })),
        );
        if (Array.isArray(body.licenses)) result.licenses = body.licenses;
      }
      if (result.rejected.length > 0) this.emit("rejected", result.rejected);
      if (result.sent > 0) this.emit("flushed", result);
      // The quota stage moved (the last uses reached the limit or the grace stage, or the
      // vendor extended it): the lease still holds the stage of its authorization, and the
      // device would run on it until it ends. Asked again now, the status (and "change") says
      // what the server decides: a lock once the quota is used up.
      const stage = this.#status?.quota ?? "ok";
      if (result.licenses.some((license) => license.quota !== stage)) {
        this.#publish(await this.#authorize(true));
      }
      return result;
    });
  }

  /**
   * The devices holding seats of the license(s) of this product that the credential reaches
   * (POST /v1/trackable/devices/actions/list, every page), for a "your devices" screen where the
   * customer frees the seat of a lost device with releaseDevice() (SPEC X6). Needs
   * organizationId or handshakeCode (else CONFIG). Throws KeywardError (SERVER, NETWORK,
   * RATE_LIMITED).
   */
  async devices(): Promise<TrackableDevice[]> {
    this.#requireCredential("devices()");
    const devices: TrackableDevice[] = [];
    let cursor: string | null = null;
    do {
      const answer = await this.#http.request({
        method: "POST",
        path: "/v1/trackable/devices/actions/list",
        body: { ...this.#credential(), limit: 100, ...(cursor === null ? {} : { cursor }) },
      });
      if (answer.status !== 200) throw serverError(answer, "listing the devices");
      const data: unknown = answer.body?.data;
      if (!Array.isArray(data)) {
        throw new KeywardError("BAD_RESPONSE", "the server's device list has no data");
      }
      devices.push(...data.map(readDevice));
      const next: unknown = answer.body?.nextCursor;
      cursor = typeof next === "string" ? next : null;
    } while (cursor !== null);
    return devices;
  }

  /**
   * Frees this device's seat (POST /v1/trackable/devices/actions/release): on uninstall or
   * sign-out, so a per-device license need not wait for the inactivity release. The stored
   * lease is dropped with it and the status is LOCKED (NO_LEASE); timed checks and flushes stop
   * (they would take the seat again). Counted usage stays in storage: flush() before, or it
   * goes with a later flush. authorize() afterwards registers the device anew, under the
   * limit. 404 (already released) is done. Needs organizationId or handshakeCode (else
   * CONFIG). Throws KeywardError (SERVER, NETWORK, RATE_LIMITED).
   */
  async release(): Promise<void> {
    this.#requireCredential("release()");
    this.#stopFlushing();
    this.#stopChecks?.();
    this.#stopChecks = undefined;
    return this.#serial(async () => {
      await this.#releaseOnServer(await this.deviceId());
      await this.#options.storage.delete(await this.#storageKey("trackable-lease"));
      this.#publish(plain(lockedStatus("NO_LEASE", this.#clock(), null)));
    });
  }

  /**
   * Frees the seat of one of the license's devices by its device UUID (`deviceId` of
   * devices()): a lost or replaced device (SPEC X6). This device's own UUID is release(). 404
   * (already released, or no device of the license: the server does not say which) is done.
   * Throws KeywardError (CONFIG, SERVER, NETWORK, RATE_LIMITED).
   */
  async releaseDevice(deviceId: string): Promise<void> {
    this.#requireCredential("releaseDevice()");
    if (deviceId === (await this.deviceId())) return this.release();
    await this.#releaseOnServer(deviceId);
  }

  async #releaseOnServer(deviceId: string): Promise<void> {
    const answer = await this.#http.request({
      method: "POST",
      path: "/v1/trackable/devices/actions/release",
      body: { ...this.#credential(), deviceId },
    });
    // 404 DEVICE_NOT_FOUND: already released (by the vendor, the job, another call): the
    // outcome asked for. Any other 404 (an unknown code) is an error.
    if (answer.status === 404 && answer.body?.error?.code === "DEVICE_NOT_FOUND") return;
    if (answer.status !== 200) throw serverError(answer, "releasing the device");
  }

  /** Device management needs a credential: a public trial's requests carry none. */
  #requireCredential(what: string): void {
    if (!this.#options.organizationId && !this.#options.handshakeCode) {
      throw new KeywardError("CONFIG", `${what} needs organizationId or handshakeCode`);
    }
  }

  /** Flushes every `flushIntervalMs` until stop(); failures go to "error". Timer unref'd. */
  startFlushing(): void {
    this.#stopFlushing();
    const interval = this.#options.flushIntervalMs ?? 180_000;
    const run = async () => {
      try {
        await this.flush();
      } catch (error) {
        this.emit("error", asKeywardError(error));
      }
      if (this.#flushTimer !== undefined) this.#flushTimer = schedule(run, interval);
    };
    this.#flushTimer = schedule(run, interval);
  }

  /**
   * Authorizes on a timer so "change" events follow the license without the app asking (a
   * suspension, the lease and grace ending): at the end of each lease, and every `retryMs`
   * (default 60 s) while in grace or locked. Failures are in the statuses.
   */
  startChecks(options: { retryMs?: number } = {}): void {
    this.#stopChecks?.();
    this.#stopChecks = startTimedChecks(
      () => this.authorize(),
      this.#clock,
      options.retryMs ?? 60_000,
      (error) => this.emit("error", error),
    );
  }

  /** Stops timed flushes and checks; with `flush`, sends what was counted one last time. */
  async stop(options: { flush?: boolean } = {}): Promise<void> {
    this.#stopFlushing();
    this.#stopChecks?.();
    this.#stopChecks = undefined;
    if (options.flush) await this.flush();
  }

  #stopFlushing(): void {
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
  }

  /**
   * The answer's body, decrypted when `encrypt` asked for it (T12): CANNOT_DECRYPT when it does
   * not open for this request, BAD_RESPONSE when the server answered in plain.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the JSON answer, read field by field after
  async #opened(body: any, context: TrackableContext): Promise<any> {
    if (!this.#options.encrypt) return body;
    if (typeof body?.encrypted !== "object" || body.encrypted === null) {
      throw new KeywardError(
        "BAD_RESPONSE",
        "encryption was asked for but the server answered in plain (does it support it?)",
      );
    }
    const opened = await decryptTrackable(this.#options, context, body.encrypted);
    if (!opened.ok) {
      throw new KeywardError("CANNOT_DECRYPT", `the encrypted answer: ${opened.error.message}`, {
        cause: opened.error,
      });
    }
    return opened.value;
  }

  /** The credential fields every device request carries (T2, T4, T5). */
  #credential(): Record<string, string> {
    const o = this.#options;
    const app = o.app ?? {};
    const fields: Record<string, string | undefined> = {
      organizationId: o.organizationId,
      handshakeCode: o.handshakeCode,
      sessionPassword: o.sessionPassword,
      productId: o.productId,
      domain: app.domain,
      processName: app.processName,
      appIdentifier: app.identifier,
    };
    return Object.fromEntries(
      Object.entries(fields).filter((entry): entry is [string, string] => !!entry[1]),
    );
  }

  async #usage(): Promise<UsageBuffer> {
    return new UsageBuffer(this.#options.storage, await this.#storageKey("trackable-usage"));
  }

  /** Per product and credential: a hash, so the code and organization are not written out. */
  async #storageKey(name: string): Promise<string> {
    const { productId, organizationId = "", handshakeCode = "" } = this.#options;
    this.#scope ??= sha256Hex(JSON.stringify([productId, organizationId, handshakeCode])).then(
      (hex) => hex.slice(0, 16),
    );
    return `${name}.${await this.#scope}`;
  }

  /** Emits "change" when the state or its reason differs from the last status. */
  #publish(status: TrackableStatus): TrackableStatus {
    const previous = this.#status;
    this.#status = status;
    if (statusChanged(previous, status)) {
      this.emit("change", status, previous);
    }
    return status;
  }
}

/** `new TrackableClient(options)`. */
export function createTrackableClient(options: TrackableClientOptions): TrackableClient {
  return new TrackableClient(options);
}

function trackableStatus(
  claims: LeaseClaims,
  now: Date,
  source: "server" | "storage",
  error: KeywardError | null,
): TrackableStatus {
  // Claims the trackable lease adds beside the engine's (signed with them).
  const extra = claims as LeaseClaims & { q?: unknown; trial?: unknown };
  return {
    ...statusFromLease(claims, now, source, error),
    quota: extra.q === "ok" || extra.q === "grace" ? extra.q : null,
    trial: extra.trial === "public" || extra.trial === "private" ? extra.trial : null,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: one item of the JSON answer, checked here
function readDevice(data: any): TrackableDevice {
  if (typeof data?.id !== "string" || typeof data.deviceId !== "string") {
    throw new KeywardError("BAD_RESPONSE", "the server's device answer has no id");
  }
  return data as TrackableDevice;
}

function plain(status: LicenseStatus): TrackableStatus {
  return { ...status, quota: null, trial: null };
}
