import type { TokenKind } from "../store/schema.js";
import { forbidden } from "./errors.js";

/** Who is calling: resolved from the bearer token; every query is scoped by organizationId. */
export interface Principal {
  organizationId: string;
  tokenId: string;
  kind: TokenKind;
  /** Set for product tokens: they may only touch this product and what belongs to it. */
  productId: string | null;
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
