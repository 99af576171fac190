// The screens and their URLs under /admin (code-based routes: no generated route tree).
import { createRootRoute, createRoute, createRouter } from "@tanstack/react-router";
import { Layout, NotFound } from "./layout.js";
import { AuditLog } from "./screens/audit-log.js";
import { Entitlements } from "./screens/entitlements.js";
import { Events } from "./screens/events.js";
import { HandshakeCodes } from "./screens/handshake-codes.js";
import { SigningKeys } from "./screens/keys.js";
import { LicenseDetail } from "./screens/license.js";
import { type LicenseFilters, Licenses } from "./screens/licenses.js";
import { Machines } from "./screens/machines.js";
import { OfflineKeys } from "./screens/offline-keys.js";
import { Organization } from "./screens/organization.js";
import { Overview } from "./screens/overview.js";
import { Policies, PolicyEdit } from "./screens/policies.js";
import { ProductDetail, Products } from "./screens/products.js";
import { Tokens } from "./screens/tokens.js";
import { Trials } from "./screens/trials.js";
import { Usage } from "./screens/usage.js";
import { Users } from "./screens/users.js";
import { Webhooks } from "./screens/webhooks.js";

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/** The cursors of the pages before the one shown (?pages=["c1","c2"]); anything else: page 1. */
const pagesOf = (value: unknown) =>
  Array.isArray(value) && value.length > 0 && value.every((cursor) => typeof cursor === "string")
    ? (value as string[])
    : undefined;

const rootRoute = createRootRoute({ component: Layout, notFoundComponent: NotFound });
const routeTree = rootRoute.addChildren([
  createRoute({ getParentRoute: () => rootRoute, path: "/", component: Overview }),
  createRoute({ getParentRoute: () => rootRoute, path: "/products", component: Products }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/products/$id",
    component: ProductDetail,
  }),
  createRoute({ getParentRoute: () => rootRoute, path: "/policies", component: Policies }),
  createRoute({ getParentRoute: () => rootRoute, path: "/policies/$id", component: PolicyEdit }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/licenses",
    component: Licenses,
    validateSearch: (search: Record<string, unknown>): LicenseFilters => ({
      productId: text(search.productId),
      policyId: text(search.policyId),
      status: text(search.status) as LicenseFilters["status"],
      q: text(search.q),
      pages: pagesOf(search.pages),
    }),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: "/licenses/$id", component: LicenseDetail }),
  createRoute({ getParentRoute: () => rootRoute, path: "/machines", component: Machines }),
  createRoute({ getParentRoute: () => rootRoute, path: "/tokens", component: Tokens }),
  createRoute({ getParentRoute: () => rootRoute, path: "/webhooks", component: Webhooks }),
  createRoute({ getParentRoute: () => rootRoute, path: "/events", component: Events }),
  createRoute({ getParentRoute: () => rootRoute, path: "/audit-log", component: AuditLog }),
  createRoute({ getParentRoute: () => rootRoute, path: "/signing-keys", component: SigningKeys }),
  createRoute({ getParentRoute: () => rootRoute, path: "/users", component: Users }),
  createRoute({ getParentRoute: () => rootRoute, path: "/entitlements", component: Entitlements }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/handshake-codes",
    component: HandshakeCodes,
  }),
  createRoute({ getParentRoute: () => rootRoute, path: "/trials", component: Trials }),
  createRoute({ getParentRoute: () => rootRoute, path: "/usage", component: Usage }),
  createRoute({ getParentRoute: () => rootRoute, path: "/offline-keys", component: OfflineKeys }),
  createRoute({ getParentRoute: () => rootRoute, path: "/organization", component: Organization }),
]);

export const router = createRouter({ routeTree, basepath: "/admin", defaultPreload: false });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
