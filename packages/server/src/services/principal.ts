import type { TokenKind } from "../store/records.js";
import { forbidden } from "./errors.js";

/** Who is calling: resolved from the bearer token; every query is scoped by organizationId. */
export interface Principal {
  organizationId: string;
  /** The bearer token's id; null when the credential is a license key (`License <key>`). */
  tokenId: string | null;
  kind: TokenKind;
  /** Set for product tokens: they may only touch this product and what belongs to it. */
  productId: string | null;
  /**
   * Set for license tokens: they may only read this license and its machines. Any other
   * license (or its machines) is unknown to them (404); other routes answer 403.
   */
  licenseId: string | null;
  /** Set for tokens with the read scope: they may only GET (http/auth.ts answers 403). */
  readOnly?: true;
  /**
   * Where the request came from (http/auth.ts): recorded with the audit entries of the
   * mutations it makes (services/audit.ts). Absent for work not started by a request (CLI).
   */
  origin?: RequestOrigin;
}

/** The request id (the `requestId` of error bodies) and the source address of a request. */
export interface RequestOrigin {
  requestId: string;
  ip: string;
}

export function requireAdmin(principal: Principal): void {
  if (principal.kind !== "admin") throw forbidden("this action needs an admin token");
}

/** Admin tokens reach every product; product tokens only their own. */
export function requireProductAccess(principal: Principal, productId: string): void {
  if (principal.kind === "admin") return;
  if (principal.kind !== "product" || principal.productId !== productId) {
    throw forbidden("this token cannot access that product");
  }
}

/** Whether a license token is bound to another license: it must see that license as unknown. */
export function outsideLicenseScope(principal: Principal, licenseId: string): boolean {
  return principal.kind === "license" && principal.licenseId !== licenseId;
}

/** Organization-wide reads (the organization, its keys): not for license tokens. */
export function requireOrganizationReader(principal: Principal): void {
  if (principal.kind === "license") throw forbidden("a license token cannot read this");
}
