import type { Store } from "../store/database.js";
import { type Clock, systemClock } from "./clock.js";
import { entitlementsService } from "./entitlements.js";
import { handshakeCodesService } from "./handshake-codes.js";
import { idempotencyService } from "./idempotency.js";
import { licensesService } from "./licenses.js";
import { machinesService } from "./machines.js";
import { organizationsService } from "./organizations.js";
import { policiesService } from "./policies.js";
import { productsService } from "./products.js";
import { tokensService } from "./tokens.js";
import { usersService } from "./users.js";

/** Wires every service to the store once; the HTTP app and the CLI use this bundle. */
export function createServices(deps: { store: Store; secret: string; clock?: Clock }) {
  const shared = { store: deps.store, secret: deps.secret, clock: deps.clock ?? systemClock };
  return {
    organizations: organizationsService(shared),
    tokens: tokensService(shared),
    products: productsService(shared),
    users: usersService(shared),
    handshakeCodes: handshakeCodesService(shared),
    idempotency: idempotencyService(shared),
    policies: policiesService(shared),
    licenses: licensesService(shared),
    entitlements: entitlementsService(shared),
    machines: machinesService(shared),
  };
}

export type Services = ReturnType<typeof createServices>;
