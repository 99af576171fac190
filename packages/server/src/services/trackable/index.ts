import type { Store } from "../../store/database.js";
import type { Clock } from "../clock.js";
import type { SigningKeysService } from "../signing-keys.js";
import { authorizeService } from "./authorize.js";
import { credentialResolver } from "./credentials.js";
import { deviceReleaser } from "./devices.js";
import { openRequest, requireTrackableSecret, sealAnswer } from "./encryption.js";
import { ownDevicesService } from "./own-devices.js";
import type { SessionPasswordVerifier } from "./session-passwords.js";
import { trackableSettingsService } from "./settings.js";
import { trialsService } from "./trials.js";
import { usageService } from "./usage.js";

/** Trackable licenses (SPEC T1–T11): device authorization, trials, usage, settings. */
export function trackableServices(deps: {
  store: Store;
  secret: string;
  clock: Clock;
  signingKeys: SigningKeysService;
  passwords: SessionPasswordVerifier;
}) {
  const credentials = credentialResolver(deps);
  const trials = trialsService(deps);
  return {
    ...authorizeService({ ...deps, credentials, trials }),
    ...deviceReleaser(deps),
    privateTrial: trials.privateTrial,
    settings: trackableSettingsService(deps),
    usage: usageService({ ...deps, credentials }),
    /** A code's devices, listed and released by the credential's holder (SPEC X6). */
    devices: ownDevicesService({ ...deps, credentials }),
    /** Encryption on request (T12): see encryption.ts. */
    encryption: { require: requireTrackableSecret, seal: sealAnswer, open: openRequest },
  };
}

export type TrackableServices = ReturnType<typeof trackableServices>;
