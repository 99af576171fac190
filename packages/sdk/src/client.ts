// The client a vendor's app creates: activation, lease-based checks, heartbeats, check-ins,
// deactivation, and offline verification of the license's files and key.
import {
  endorsedKeys,
  exportPublicKey,
  type LicenseFileAlgorithm,
  leaseKeyId,
  type PublicKey,
  type Result,
  readLicenseFileCertificate,
  type TrustedKeys,
  type VerifiedLicenseKey,
  type VerifyLicenseKeyOptions,
  verifyLicenseFile,
  verifyLicenseKey,
} from "@keyward/formats";
import {
  asKeywardError,
  connect,
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
import { isKeywardError, KeywardError } from "./errors.js";
import {
  type ApiAnswer,
  type FetchLike,
  type RetryOptions,
  serverError,
  type transport,
} from "./http.js";
import {
  checkLease,
  type DeviceLease,
  type LeaseCheck,
  lastServerTime,
  readLease,
  rememberServerTime,
} from "./lease.js";
import { type LicenseFileCheck, licenseFileState } from "./license-file.js";
import {
  isClockRollback,
  type LicenseStatus,
  lockedStatus,
  saysNotActivated,
  statusFromLease,
} from "./status.js";
import type { KeywardStorage } from "./storage.js";

/** What the app tells the server about itself (SPEC R1); each field optional. */
export interface AppInfo {
  /** Package name, bundle id or web domain: checked against the product's allowed list. */
  identifier?: string;
  version?: string;
  platform?: string;
  osVersion?: string;
  /** A name for the device, shown to the vendor. */
  deviceName?: string;
}

export interface KeywardClientOptions {
  /** The Keyward server, e.g. https://license.example.com. */
  serverUrl: string;
  /** Asked when the main server does not answer (SPEC T13). */
  standbyUrl?: string;
  licenseKey: string;
  /**
   * The vendor's Ed25519 public key (PEM, Base64 DER, hex or a parsed PublicKey) that signs
   * leases. Ship it inside the app: it is what makes answers trustworthy.
   */
  publicKey?: string | Uint8Array | PublicKey;
  /**
   * Instead of `publicKey`: several trusted keys with their ids (SPEC X7), e.g. the answer of
   * GET /v1/organizations/{id}/signing-keys as it is. Leases, files and proofs name the key that
   * signed them (`kid`) and are verified with that key; signed license keys name none, so each
   * trusted key of the type is tried. Ship the next key before the server switches to it, and
   * keep retired keys as long as what they signed must verify.
   */
  publicKeys?: readonly TrustedKeyInput[] | { data: readonly TrustedKeyInput[] };
  /**
   * Instead of `publicKey`: fetch the organization's keys from the server on first use and pin
   * them in storage. Whoever answers that first request decides which keys are trusted (trust on
   * first use): only for apps that cannot embed the key.
   */
  trustOnFirstUse?: { organizationId: string };
  /**
   * The app's product id. Recommended: leases then only count for this product, so a lease of
   * another product of the same vendor (same signing key) cannot stand in for this one's.
   */
  productId?: string;
  /** Where the device id, lease and last server time persist (file, localStorage, memory…). */
  storage: KeywardStorage;
  /**
   * The device identity. Default: a random UUID generated on first run and kept in storage
   * (SPEC T7). A string overrides it (containers: SPEC X5); a function supplies it, e.g.
   * `machineFingerprint` from `@keyward/sdk/node` (hashed machine id).
   */
  fingerprint?: string | (() => string | Promise<string>);
  app?: AppInfo;
  /** Per request attempt: default 10 000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** Default: the system clock. Tests move it. */
  clock?: () => Date;
  /** Tolerated difference between device and server clocks: default 300 seconds. */
  clockSkewSeconds?: number;
  /** How retries wait; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Default true: when the server's signed answer to a check is OVERDUE (the policy's check-in
   * interval passed without a check-in), check() checks in and asks again, so the app keeps
   * running. false: OVERDUE locks like any refusal, and checking in is the app's (checkIn()).
   */
  autoCheckIn?: boolean;
}

/** A license as the server describes it (informational: not signed). */
export interface License {
  id: string;
  productId: string;
  policyId: string;
  name: string | null;
  /** active, suspended, expired or revoked, when the server answered. */
  status: string;
  suspended: boolean;
  expiresAt: string | null;
  revokedAt: string | null;
  /** The last check-in: the policy's check-in interval runs from it (OVERDUE after). */
  lastCheckInAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A device activation as the server describes it (informational: not signed). */
export interface Machine {
  id: string;
  licenseId: string;
  fingerprint: string;
  name: string | null;
  platform: string | null;
  lastHeartbeatAt: string | null;
  heartbeatDeadlineAt: string | null;
  createdAt: string;
}

export interface ClientEvents {
  /** The state or its reason changed (valid → grace → locked, or back). */
  change: (status: LicenseStatus, previous: LicenseStatus | null) => void;
  /** A heartbeat was accepted. */
  heartbeat: (machine: Machine) => void;
  /** A check-in was accepted (checkIn(), or the automatic one of a check answered OVERDUE). */
  checkIn: (license: License) => void;
  /** Background work (heartbeats) failed; foreground calls throw or report in the status. */
  error: (error: KeywardError) => void;
}

export class KeywardClient extends Emitter<ClientEvents> {
  readonly #options: KeywardClientOptions;
  readonly #http: ReturnType<typeof transport>;
  readonly #clock: () => Date;
  readonly #lease: DeviceLease;
  #leaseKeyPromise: Promise<TrustedKeys> | undefined;
  /** Trust on first use: per key id named since start, its one fetch of the key list. */
  readonly #learning = new Map<string, Promise<void>>();
  /** Serializes changes to the pinned keys (stored as one JSON value). */
  readonly #pinning = serialQueue();
  #fingerprint: Promise<string> | undefined;
  #scope: Promise<string> | undefined;
  #status: LicenseStatus | null = null;
  /** Serializes operations that read and write the stored state. */
  readonly #serial = serialQueue();
  #heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  /** Stops startChecks()' timer; undefined when none runs. */
  #stopChecks: (() => void) | undefined;
  /** The key's license id, once the server named it (GET /v1/tokens/current). */
  #licenseId: string | undefined;

  constructor(options: KeywardClientOptions) {
    super();
    if (typeof options.licenseKey !== "string" || options.licenseKey === "") {
      throw new KeywardError("CONFIG", "licenseKey is required");
    }
    if (!options.storage) throw new KeywardError("CONFIG", "storage is required");
    const given = [options.publicKey, options.publicKeys, options.trustOnFirstUse];
    if (given.filter((option) => option !== undefined).length !== 1) {
      throw new KeywardError(
        "CONFIG",
        "give exactly one of publicKey, publicKeys and trustOnFirstUse",
      );
    }
    this.#options = options;
    if (options.publicKey !== undefined) {
      const key = readPublicKey(options.publicKey);
      this.#leaseKeyPromise = Promise.resolve(key);
    } else if (options.publicKeys !== undefined) {
      this.#leaseKeyPromise = Promise.resolve(readTrustedKeys(options.publicKeys));
    }
    this.#http = connect(options);
    this.#clock = options.clock ?? (() => new Date());
    this.#lease = {
      storage: options.storage,
      storageKey: () => this.#storageKey("lease"),
      key: () => this.#leaseKey(),
      fingerprint: () => this.fingerprint(),
      productId: options.productId,
      skewSeconds: options.clockSkewSeconds ?? 300,
    };
  }

  /** The last status a check produced; null before the first. */
  get status(): LicenseStatus | null {
    return this.#status;
  }

  /** This device's identity as sent to the server. */
  fingerprint(): Promise<string> {
    this.#fingerprint ??= resolveFingerprint(this.#options).catch((error: unknown) => {
      this.#fingerprint = undefined;
      throw error;
    });
    return this.#fingerprint;
  }

  /**
   * What an app calls at start: `check()`, and when the server's signed answer says this device
   * is not activated (reason NOT_ACTIVATED: NO_MACHINE, NO_MACHINES, FINGERPRINT_SCOPE_MISMATCH,
   * HEARTBEAT_DEAD) — a new device, or one whose seat was freed — `activate()` and check again.
   * Like `check()` it never throws for network or server trouble: when the server refuses to
   * activate (the seats are taken, …) the status stays locked with reason NOT_ACTIVATED and
   * `error` says why (ACTIVATION_REFUSED with `serverCode` MACHINE_LIMIT_EXCEEDED, … or NETWORK).
   */
  async checkOrActivate(options: { force?: boolean } = {}): Promise<LicenseStatus> {
    const status = await this.check(options);
    if (status.reason !== "NOT_ACTIVATED") return status;
    try {
      await this.activate();
    } catch (error) {
      if (!isKeywardError(error)) throw error;
      return this.#publish({ ...status, error });
    }
    return this.check({ force: true });
  }

  /**
   * Activates this device on the license (POST /v1/machines). Idempotent: an already activated
   * device gets its existing machine. Throws KeywardError: ACTIVATION_REFUSED when the server
   * refuses (serverCode MACHINE_LIMIT_EXCEEDED, LICENSE_SUSPENDED, LICENSE_EXPIRED, …), SERVER
   * for other error answers (an unknown key: 401), NETWORK.
   */
  activate(): Promise<Machine> {
    return this.#serial(async () => {
      const app = this.#options.app ?? {};
      const body = {
        fingerprint: await this.fingerprint(),
        ...(app.deviceName ? { name: app.deviceName } : {}),
        ...(app.platform ? { platform: app.platform } : {}),
        ...(app.osVersion ? { osVersion: app.osVersion } : {}),
        ...(app.identifier ? { appIdentifier: app.identifier } : {}),
        ...(app.version ? { appVersion: app.version } : {}),
        // The server refuses another product's license before it takes a seat.
        ...(this.#options.productId ? { productId: this.#options.productId } : {}),
      };
      const answer = await this.#http.request({
        method: "POST",
        path: "/v1/machines",
        body,
        licenseKey: this.#options.licenseKey,
      });
      if (answer.status === 409 || answer.status === 422) {
        const wrongProduct = answer.body?.error?.code === "LICENSE_PRODUCT_MISMATCH";
        throw serverError(
          answer,
          "activation refused",
          wrongProduct ? "WRONG_PRODUCT" : "ACTIVATION_REFUSED",
        );
      }
      if (answer.status !== 200 && answer.status !== 201) throw serverError(answer, "activation");
      const machine = readMachine(answer.body?.data);
      // The machine deactivate() frees later: it must be this device's, not another one's.
      if (machine.fingerprint !== body.fingerprint) {
        throw new KeywardError("BAD_RESPONSE", "the server activated another device's machine");
      }
      await this.#options.storage.set(await this.#storageKey("machine"), machine.id);
      return machine;
    });
  }

  /**
   * What the device may do now. While the stored lease is valid this answers from it without a
   * request (SPEC R2); otherwise it asks the server (POST /v1/check) and keeps the signed lease.
   * Offline, the stored lease's grace applies, then LOCKED (R3); a signed refusal locks at once
   * (R4). A signed "not activated" is reason NOT_ACTIVATED, and is not stored: it is no lock,
   * and a lease it replaces no longer stands (see checkOrActivate). Never throws for network or
   * server failures: they are in `status.error`.
   * `force` asks the server even while the lease is valid.
   */
  check(options: { force?: boolean } = {}): Promise<LicenseStatus> {
    return this.#serial(async () => this.#publish(await this.#check(options.force ?? false)));
  }

  async #check(force: boolean): Promise<LicenseStatus> {
    const leaseCheck: LeaseCheck<LicenseStatus> = {
      ask: (nonce) => this.#askServer(nonce),
      // A signed "not activated" is no lock, and the lease it replaces no longer stands.
      keep: (claims) => !saysNotActivated(claims),
      status: statusFromLease,
      locked: lockedStatus,
    };
    const status = await checkLease(this.#lease, this.#clock(), force, leaseCheck);
    // The automatic check-in. The check's answer (the lease) carries no check-in interval or
    // deadline, so the SDK cannot check in ahead of it; the one sign that this license must
    // check in is the server's signed OVERDUE. A check-in is then the whole remedy (it restarts
    // the interval; it takes no seat and changes nothing else), so it is made at once and the
    // server asked again: the app sees one status, VALID, not a lock in between. Only on a fresh
    // signed answer: a stored OVERDUE lock (offline) waits until the server answers again.
    if (
      this.#options.autoCheckIn === false ||
      status.source !== "server" ||
      status.code !== "OVERDUE" ||
      status.licenseId === null
    ) {
      return status;
    }
    try {
      await this.#checkInLicense(status.licenseId);
    } catch (error) {
      if (!isKeywardError(error)) throw error;
      // The OVERDUE lock stands (stored, as any signed refusal); the error says why.
      return { ...status, error };
    }
    return checkLease(this.#lease, this.#clock(), true, leaseCheck);
  }

  /** POST /v1/check with `nonce`: the signed lease of the answer. */
  async #askServer(nonce: string): Promise<string> {
    const app = this.#options.app ?? {};
    const fingerprint = await this.fingerprint();
    const answer = await this.#http.request({
      method: "POST",
      path: "/v1/check",
      body: {
        key: this.#options.licenseKey,
        fingerprint,
        nonce,
        ...(app.identifier ? { app: app.identifier } : {}),
        ...(app.version ? { version: app.version } : {}),
        ...(app.platform ? { platform: app.platform } : {}),
      },
    });
    if (answer.status !== 200) throw serverError(answer, "check");
    const lease: unknown = answer.body?.lease;
    if (typeof lease !== "string") {
      // NOT_FOUND comes unsigned: it may not lock a device (anyone on the path could send it),
      // so it is the status's error, not its lock. Its HTTP status (200) is left out: the
      // request did not fail, the key is unknown.
      if (answer.body?.code === "NOT_FOUND") {
        throw new KeywardError("UNKNOWN_KEY", "the server does not know this license key", {
          serverCode: "NOT_FOUND",
        });
      }
      // Any other unsigned code is no answer to trust (a forged SUSPENDED must not lock), but
      // it is named, for the app's log.
      const code = typeof answer.body?.code === "string" ? answer.body.code : undefined;
      throw new KeywardError(
        "BAD_RESPONSE",
        `the server's check answer${code === undefined ? "" : ` (${code})`} has no signed lease`,
        code === undefined ? {} : { serverCode: code },
      );
    }
    await this.#learnKey(leaseKeyId(lease));
    return lease;
  }

  /**
   * Deactivates this device (DELETE /v1/machines/:id): its seat is free again. The stored lease
   * is dropped with it, so the app does not keep running on a released seat.
   */
  deactivate(): Promise<void> {
    return this.#serial(async () => {
      const machineId = await this.#machineId();
      const answer = await this.#http.request({
        method: "DELETE",
        path: `/v1/machines/${encodeURIComponent(machineId)}`,
        licenseKey: this.#options.licenseKey,
      });
      // 404: already gone (deleted by the vendor, culled): the outcome asked for.
      if (answer.status >= 300 && answer.status !== 404) throw serverError(answer, "deactivation");
      await this.#options.storage.delete(await this.#storageKey("machine"));
      await this.#options.storage.delete(await this.#storageKey("lease"));
      const now = this.#clock();
      this.#publish(lockedStatus("NO_LEASE", now, null));
    });
  }

  /**
   * The license's activated devices (GET /v1/machines with the key, every page), for a "your
   * devices" screen where the license holder frees the seat of a lost device with
   * deactivateMachine() (SPEC X6). Throws KeywardError (SERVER, NETWORK, RATE_LIMITED).
   */
  async machines(): Promise<Machine[]> {
    const machines: Machine[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const answer = await this.#http.request({
        method: "GET",
        path: `/v1/machines?limit=100${query}`,
        licenseKey: this.#options.licenseKey,
      });
      const data: unknown = answer.body?.data;
      if (answer.status !== 200) throw serverError(answer, "listing the machines");
      if (!Array.isArray(data)) {
        throw new KeywardError("BAD_RESPONSE", "the server's machine list has no data");
      }
      machines.push(...data.map(readMachine));
      const next: unknown = answer.body?.nextCursor;
      cursor = typeof next === "string" ? next : null;
    } while (cursor !== null);
    return machines;
  }

  /**
   * Deactivates one of the license's devices by its id (DELETE /v1/machines/:id with the key):
   * the license holder frees the seat of a lost or replaced device (SPEC X6). This device's own
   * id is deactivate(), which also forgets its stored lease. 404 (already gone — or never the
   * license's: the server does not say which) is done, as for deactivate(). Throws KeywardError
   * (SERVER, NETWORK, RATE_LIMITED).
   */
  async deactivateMachine(id: string): Promise<void> {
    const own = await this.#machineId().catch((error: unknown) => {
      if (isKeywardError(error) && error.code === "NOT_ACTIVATED") return null;
      throw error;
    });
    if (id === own) return this.deactivate();
    const answer = await this.#http.request({
      method: "DELETE",
      path: `/v1/machines/${encodeURIComponent(id)}`,
      licenseKey: this.#options.licenseKey,
    });
    if (answer.status >= 300 && answer.status !== 404) throw serverError(answer, "deactivation");
  }

  /** One heartbeat (POST /v1/machines/:id/actions/heartbeat) for heartbeat/floating policies. */
  async heartbeat(): Promise<Machine> {
    const machineId = await this.#machineId();
    const answer = await this.#http.request({
      method: "POST",
      path: `/v1/machines/${encodeURIComponent(machineId)}/actions/heartbeat`,
      licenseKey: this.#options.licenseKey,
    });
    if (answer.status !== 200) throw serverError(answer, "heartbeat");
    const machine = readMachine(answer.body?.data);
    this.emit("heartbeat", machine);
    return machine;
  }

  /**
   * Checks in (POST /v1/licenses/:id/actions/check-in): the policy's check-in interval starts
   * again from now, so the license does not validate OVERDUE (docs/server.md). check() does it
   * by itself when the server answers OVERDUE (`autoCheckIn`); call it to check in ahead of the
   * interval. The license id comes from the last check's lease, else the server is asked once
   * (GET /v1/tokens/current). Throws KeywardError like heartbeat(): SERVER for error answers (an
   * unknown key: 401), NETWORK when no server answered after the retries, RATE_LIMITED.
   */
  async checkIn(): Promise<License> {
    return this.#checkInLicense(await this.#ownLicenseId());
  }

  async #checkInLicense(licenseId: string): Promise<License> {
    const answer = await this.#http.request({
      method: "POST",
      path: `/v1/licenses/${encodeURIComponent(licenseId)}/actions/check-in`,
      licenseKey: this.#options.licenseKey,
    });
    if (answer.status !== 200) throw serverError(answer, "check-in");
    const license = readLicense(answer);
    this.emit("checkIn", license);
    return license;
  }

  /** The id of the key's license: from the last status's lease, else asked once. */
  async #ownLicenseId(): Promise<string> {
    const known = this.#status?.licenseId ?? this.#licenseId;
    if (known) return known;
    const answer = await this.#http.request({
      method: "GET",
      path: "/v1/tokens/current",
      licenseKey: this.#options.licenseKey,
    });
    if (answer.status !== 200) throw serverError(answer, "finding the license of the key");
    const id: unknown = answer.body?.data?.licenseId;
    if (typeof id !== "string") {
      throw new KeywardError("BAD_RESPONSE", "the server did not name the key's license");
    }
    this.#licenseId = id;
    return id;
  }

  /**
   * Sends heartbeats until `stop()`: every `intervalMs`, or by default at half the time the
   * server gives until the machine's heartbeat deadline (at least every 10 minutes). Failures
   * are reported on the "error" event and retried at the next beat. The timer does not keep a
   * Node process alive.
   */
  startHeartbeats(options: { intervalMs?: number } = {}): void {
    this.#stopHeartbeats();
    const beat = async () => {
      let next = options.intervalMs ?? 60_000;
      try {
        const machine = await this.heartbeat();
        next = options.intervalMs ?? heartbeatInterval(machine, this.#clock());
      } catch (error) {
        this.emit("error", asKeywardError(error));
      }
      if (this.#heartbeatTimer !== undefined) this.#heartbeatTimer = schedule(beat, next);
    };
    this.#heartbeatTimer = schedule(beat, 0);
  }

  /**
   * Checks on a timer so "change" events follow the license without the app asking: at the end
   * of each lease, and every `retryMs` (default 60 s) while in grace or locked. Failures are in
   * the statuses; the timer does not keep a Node process alive.
   */
  startChecks(options: { retryMs?: number } = {}): void {
    this.#stopChecks?.();
    this.#stopChecks = startTimedChecks(
      () => this.check(),
      this.#clock,
      options.retryMs ?? 60_000,
      (error) => this.emit("error", error),
    );
  }

  /**
   * Stops heartbeats and timed checks; with `deactivate`, also releases this device's seat (on
   * shutdown).
   */
  async stop(options: { deactivate?: boolean } = {}): Promise<void> {
    this.#stopHeartbeats();
    this.#stopChecks?.();
    this.#stopChecks = undefined;
    if (options.deactivate) await this.deactivate();
  }

  #stopHeartbeats(): void {
    if (this.#heartbeatTimer !== undefined) clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
  }

  /**
   * Verifies a license or machine file offline with the client's public key, license key and
   * fingerprint. `algorithm` is required: a file declaring another one is rejected. `ok` says
   * the file is authentic and inside its validity window, not that the license is usable: the
   * server checks files out for revoked, suspended and expired licenses too. Branch on
   * `usable` (and show `reason`, `status`, `expiresAt`): see licenseFileState.
   *
   * Clock rollback, as for leases: a file's signed issue time is kept as a trusted time (with the
   * leases' server times), and a device clock behind the latest of them by more than
   * `clockSkewSeconds` makes the file unusable (CLOCK_ROLLBACK), so setting the clock back does
   * not bring an expired file back. A clock that was never checked against a trusted time (a
   * first file, issued before the clock was set back) cannot be told from a right one.
   */
  async verifyLicenseFile(
    certificate: string,
    options: { algorithm: LicenseFileAlgorithm; kind?: "license" | "machine"; now?: Date },
  ): Promise<LicenseFileCheck> {
    const now = options.now ?? this.#clock();
    const read = readLicenseFileCertificate(certificate);
    await this.#learnKey(read.ok ? read.value.kid : undefined);
    const result = await verifyLicenseFile(certificate, await this.#leaseKey(), {
      algorithm: options.algorithm,
      ...(options.kind ? { kind: options.kind } : {}),
      licenseKey: this.#options.licenseKey,
      fingerprint: await this.fingerprint(),
      now,
    });
    // Authentic also when rejected for its own dates (EXPIRED, ISSUED_IN_FUTURE): then the
    // document is there, and its issue time is the server's as much as a valid file's.
    const document = result.ok ? result.value.document : result.error.document;
    const issued = document ? Math.floor(Date.parse(document.meta.issued) / 1000) : Number.NaN;
    if (Number.isSafeInteger(issued)) await rememberServerTime(this.#options.storage, issued);
    const state = licenseFileState(result, now);
    const skew = this.#options.clockSkewSeconds ?? 300;
    if (isClockRollback(now, await lastServerTime(this.#options.storage), skew)) {
      return { ...result, ...state, usable: false, reason: "CLOCK_ROLLBACK" };
    }
    return { ...result, ...state };
  }

  /** Verifies the client's own license key offline (signed key schemes): `scheme` is required. */
  async verifyLicenseKey(
    options: Omit<VerifyLicenseKeyOptions, "crypto">,
  ): Promise<Result<VerifiedLicenseKey>> {
    return verifyLicenseKey(this.#options.licenseKey, await this.#leaseKey(), {
      now: this.#clock(),
      ...options,
    });
  }

  /** Emits "change" when the state or its reason differs from the last status. */
  #publish(status: LicenseStatus): LicenseStatus {
    const previous = this.#status;
    this.#status = status;
    if (statusChanged(previous, status)) {
      this.emit("change", status, previous);
    }
    return status;
  }

  /**
   * This device's machine: the one the stored lease names first — the lease is signed and bound
   * to this device's fingerprint, so it cannot name another device's machine — else the one
   * activate() stored (a device activated but not checked since). Storage is not trusted, and
   * the stored id alone once freed another device's seat (one written by a concurrent start).
   */
  async #machineId(): Promise<string> {
    const lease = await readLease(this.#lease, this.#clock());
    if (lease.kind === "lease" && lease.claims.mach) return lease.claims.mach;
    const stored = await this.#options.storage.get(await this.#storageKey("machine"));
    if (stored !== null) return stored;
    throw new KeywardError("NOT_ACTIVATED", "this device is not activated: call activate() first");
  }

  /** Storage key of per-license state: a hash of the key, so the key itself is not written. */
  async #storageKey(name: string): Promise<string> {
    this.#scope ??= sha256Hex(this.#options.licenseKey).then((hex) => hex.slice(0, 16));
    return `${name}.${await this.#scope}`;
  }

  /** The public key(s) that sign leases (fetched and pinned on first use when so configured). */
  #leaseKey(): Promise<TrustedKeys> {
    this.#leaseKeyPromise ??= this.#pinnedKey().catch((error: unknown) => {
      this.#leaseKeyPromise = undefined;
      throw error;
    });
    return this.#leaseKeyPromise;
  }

  /**
   * Trust on first use: the organization's Ed25519 keys as first fetched (next, active and
   * retired: a rotation prepared with a next key keeps working), pinned in storage as JSON, and
   * the keys endorsed since (#learnKey). A single pinned key (stored by an earlier version) is
   * still read.
   */
  async #pinnedKey(): Promise<TrustedKeys> {
    const pinned = await this.#options.storage.get(this.#pinStorageKey());
    if (pinned !== null) {
      return pinned.startsWith("[") ? readTrustedKeys(JSON.parse(pinned)) : readPublicKey(pinned);
    }
    const keys: unknown = (await this.#publishedKeys())?.data;
    const ed25519 = (Array.isArray(keys) ? keys : [])
      .filter((key) => key?.algorithm === "ed25519" && typeof key.publicKey === "string")
      .map((key) => ({
        ...(typeof key.id === "string" ? { id: key.id } : {}),
        publicKey: key.publicKey as string,
      }));
    if (ed25519.length === 0) {
      throw new KeywardError("BAD_RESPONSE", "the organization has no Ed25519 key");
    }
    const trusted = readTrustedKeys(ed25519);
    await this.#options.storage.set(this.#pinStorageKey(), JSON.stringify(ed25519));
    return trusted;
  }

  #pinStorageKey(): string {
    const { organizationId } = this.#options.trustOnFirstUse!;
    return `public-key.${organizationId.replace(/[^A-Za-z0-9_-]/g, "")}`;
  }

  /** The body of GET /v1/organizations/:id/signing-keys (no authentication). */
  async #publishedKeys(): Promise<ApiAnswer["body"]> {
    const { organizationId } = this.#options.trustOnFirstUse!;
    const answer = await this.#http.request({
      method: "GET",
      path: `/v1/organizations/${encodeURIComponent(organizationId)}/signing-keys`,
    });
    if (answer.status !== 200) throw serverError(answer, "fetching the signing keys");
    return answer.body;
  }

  /**
   * Trust on first use across rotations: when a lease or file names a key id (`kid`) the pinned
   * set lacks, the key list is fetched and every key an endorsement chain links to a pinned key
   * is pinned too (docs/server.md, Signing-key rotation); a listed key without one never is. The
   * caller then verifies as before: with nothing learned, what the key signed is refused.
   * Once per id per process, so a server naming unknown ids costs one fetch for each (and one
   * map entry: the ids named since start); a fetch that failed (network, error answer) is
   * forgotten, and made again by the next lease or file naming the id.
   */
  async #learnKey(kid: string | undefined): Promise<void> {
    if (this.#options.trustOnFirstUse === undefined || kid === undefined) return;
    let learning = this.#learning.get(kid);
    if (learning === undefined) {
      learning = this.#pinning(() => this.#pinEndorsedKeys(kid)).catch((error: unknown) => {
        if (!isKeywardError(error)) throw error;
        this.#learning.delete(kid);
      });
      this.#learning.set(kid, learning);
    }
    await learning;
  }

  async #pinEndorsedKeys(kid: string): Promise<void> {
    const pinned = await this.#leaseKey();
    const trusted = "spki" in pinned ? [{ publicKey: pinned }] : pinned;
    if (trusted.some((key) => key.id === kid)) return;
    const learned = await endorsedKeys(await this.#publishedKeys(), trusted);
    if (learned.length === 0) return;
    const keys = [...trusted, ...learned];
    const stored = keys.map(({ id, publicKey }) => ({
      ...(id === undefined ? {} : { id }),
      publicKey: exportPublicKey(publicKey, "base64"),
    }));
    await this.#options.storage.set(this.#pinStorageKey(), JSON.stringify(stored));
    this.#leaseKeyPromise = Promise.resolve(keys);
  }
}

/** `new KeywardClient(options)`. */
export function createClient(options: KeywardClientOptions): KeywardClient {
  return new KeywardClient(options);
}

async function resolveFingerprint(options: KeywardClientOptions): Promise<string> {
  const given = options.fingerprint;
  const value = typeof given === "function" ? await given() : given;
  if (value !== undefined) {
    if (typeof value !== "string" || value.length === 0 || value.length > 255) {
      throw new KeywardError("CONFIG", "fingerprint must be a string of 1 to 255 characters");
    }
    return value;
  }
  return storedDeviceId(options.storage);
}

function readLicense(answer: ApiAnswer): License {
  const data = answer.body?.data;
  if (typeof data?.id !== "string" || typeof data.status !== "string") {
    throw new KeywardError("BAD_RESPONSE", "the server's license answer has no id");
  }
  return data as License;
}

/** A machine as the server presents it (an answer's `data`, or an item of a list's). */
function readMachine(data: ApiAnswer["body"]): Machine {
  if (typeof data?.id !== "string" || typeof data.licenseId !== "string") {
    throw new KeywardError("BAD_RESPONSE", "the server's machine answer has no id");
  }
  return data as Machine;
}

/**
 * Half the time to the heartbeat deadline, between 1 second and 10 minutes. Measured from the
 * heartbeat the server just accepted (both times are the server's), so a device clock ahead of
 * the server's does not make the deadline look passed and beat every second; the device clock
 * only when the server gave no heartbeat time.
 */
function heartbeatInterval(machine: Machine, now: Date): number {
  const deadline =
    machine.heartbeatDeadlineAt === null ? Number.NaN : Date.parse(machine.heartbeatDeadlineAt);
  const beat = machine.lastHeartbeatAt === null ? Number.NaN : Date.parse(machine.lastHeartbeatAt);
  const half = (deadline - (Number.isFinite(beat) ? beat : now.getTime())) / 2;
  return Number.isFinite(half) ? Math.min(600_000, Math.max(1000, half)) : 600_000;
}
