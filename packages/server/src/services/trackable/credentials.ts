import { codeAnswers, fieldRefusal, resolveRequest } from "../../domain/trackable.js";
import { isId } from "../../ids.js";
import type { Store } from "../../store/database.js";
import { handshakeCodesRepository } from "../../store/handshake-codes.js";
import type { HandshakeCodeRecord as HandshakeCode } from "../../store/records.js";
import { ServiceError } from "../errors.js";
import type { SessionPasswordVerifier } from "./session-passwords.js";

/** What a device sends to be recognised (SPEC T2, T4, T5). */
export interface DeviceCredential {
  organizationId?: string | undefined;
  handshakeCode?: string | undefined;
  sessionPassword?: string | undefined;
  domain?: string | undefined;
  processName?: string | undefined;
  appIdentifier?: string | undefined;
  /**
   * Not sent by the device: its address as the server sees it (request.ip). Session-password
   * checks are shared out per source network (session-passwords.ts).
   */
  address: string;
}

const FIELD_MESSAGES = {
  DOMAIN_NOT_ALLOWED: "the domain is not among the handshake code's allowed domains",
  PROCESS_NOT_ALLOWED: "the process name is not among the handshake code's allowed processes",
  APP_IDENTIFIER_NOT_ALLOWED:
    "the application identifier is not among the handshake code's allowed identifiers",
} as const;

function codeNotFound(): ServiceError {
  // One answer for an unknown organization, an unknown code and another organization's code:
  // the request learns nothing about what exists (T2).
  return new ServiceError("HANDSHAKE_CODE_NOT_FOUND", "no such handshake code");
}

/**
 * The handshake code a device's request resolves to, after its session password and validation
 * fields are checked; null when the request names neither organization nor code (public trial).
 */
export function credentialResolver(deps: { store: Store; passwords: SessionPasswordVerifier }) {
  const { passwords } = deps;

  async function find(credential: DeviceCredential): Promise<HandshakeCode | null> {
    const resolution = resolveRequest(credential);
    const codes = handshakeCodesRepository(deps.store.db);
    if (resolution.kind === "public_trial") return null;
    if (resolution.kind === "default") {
      const found = isId("org", resolution.organizationId)
        ? await codes.findDefault(resolution.organizationId)
        : undefined;
      if (!found) throw codeNotFound();
      return found;
    }
    const found = await codes.findByCode(resolution.code);
    if (!found || !codeAnswers(resolution, found.organizationId)) throw codeNotFound();
    return found;
  }

  return {
    async resolve(credential: DeviceCredential): Promise<HandshakeCode | null> {
      const code = await find(credential);
      if (code === null) return null;
      if (code.sessionPasswordHash !== null) {
        const password = credential.sessionPassword;
        const check =
          password === undefined
            ? "invalid"
            : await passwords.verify(
                code.id,
                code.sessionPasswordHash,
                password,
                credential.address,
              );
        if (check === "busy") {
          throw new ServiceError(
            "SESSION_PASSWORD_BUSY",
            "too many session passwords are being checked (or one from your network): retry in a few seconds",
          );
        }
        if (check === "invalid") {
          throw new ServiceError(
            "SESSION_PASSWORD_INVALID",
            "the session password is missing or wrong",
          );
        }
      }
      const refusal = fieldRefusal(code.validationFields, credential);
      if (refusal !== null) throw new ServiceError(refusal, FIELD_MESSAGES[refusal]);
      return code;
    },
  };
}

export type CredentialResolver = ReturnType<typeof credentialResolver>;
