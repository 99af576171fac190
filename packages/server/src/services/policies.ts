import {
  describeProblems,
  mergeRules,
  type PolicyProblem,
  type PolicyRulesInput,
  pickRules,
  resolvePolicyRules,
} from "../domain/policy.js";
import { isId, newId } from "../ids.js";
import type { Store } from "../store/database.js";
import type { PageRequest } from "../store/pagination.js";
import { type PolicyChanges, policiesRepository } from "../store/policies.js";
import { productsRepository } from "../store/products.js";
import type { PolicyRecord as Policy } from "../store/records.js";
import { trackableRepository } from "../store/trackable.js";
import { auditedTransaction, recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { notFound, ServiceError } from "./errors.js";
import { type Principal, requireProductAccess } from "./principal.js";
import { publicTrialPolicyId } from "./trackable/settings.js";

export interface PolicyInput extends PolicyRulesInput {
  productId: string;
  name: string;
  metadata?: Record<string, unknown>;
}

export type PolicyUpdate = PolicyRulesInput & { name?: string; metadata?: Record<string, unknown> };

/** 400 INVALID_POLICY naming each rule at fault in `details` (`body.<rule>`), for forms. */
export function invalidPolicy(problems: PolicyProblem[]): ServiceError {
  return new ServiceError(
    "INVALID_POLICY",
    describeProblems(problems),
    problems.map((problem) => ({ path: `body.${problem.field}`, message: problem.message })),
  );
}

export function policiesService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const policies = () => policiesRepository(store.db);

  /** The policy if it is in the caller's organization and product reach (404 / 403 otherwise). */
  async function load(principal: Principal, id: string): Promise<Policy> {
    const policy = isId("pol", id)
      ? await policies().find(principal.organizationId, id)
      : undefined;
    if (!policy) throw notFound("policy", id);
    requireProductAccess(principal, policy.productId);
    return policy;
  }

  return {
    load,

    async create(principal: Principal, input: PolicyInput): Promise<Policy> {
      const product = isId("prod", input.productId)
        ? await productsRepository(store.db).find(principal.organizationId, input.productId)
        : undefined;
      if (!product) throw notFound("product", input.productId);
      requireProductAccess(principal, product.id);
      const result = resolvePolicyRules(pickRules(input));
      if (!result.ok) throw invalidPolicy(result.problems);
      const now = clock();
      const policy: Policy = {
        id: newId("pol", now),
        organizationId: principal.organizationId,
        productId: product.id,
        name: input.name,
        rules: result.rules,
        metadata: input.metadata ?? {},
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await store.db.transaction().execute(async (trx) => {
        // The product's row lock, which deleting the product takes first.
        if (!(await productsRepository(trx).lock(principal.organizationId, product.id))) {
          throw notFound("product", input.productId);
        }
        await policiesRepository(trx).insert(policy);
        await recordAudit(trx, principal, now, {
          action: "policy.created",
          id: policy.id,
          after: policy,
        });
      });
      return policy;
    },

    get: load,

    /** Admin: every policy, or one product's; product tokens: their product's only. */
    async list(
      principal: Principal,
      filter: { productId?: string | undefined },
      page: PageRequest,
    ) {
      const productId = filter.productId ?? principal.productId ?? undefined;
      if (principal.kind !== "admin") {
        if (productId === undefined) requireProductAccess(principal, "");
        else requireProductAccess(principal, productId);
      }
      return policies().list(principal.organizationId, { productId }, page);
    },

    /**
     * Merges the change into the policy's rules. Under the policy's row lock, which creating a
     * license under it and moving one onto it take too: the rules merged are the policy's as
     * the lock finds them (a concurrent change is not undone), and whether it has licenses is
     * asked there, so a key scheme change and a license landing on the policy are one after
     * the other, never both (409 POLICY_IN_USE, or the license sees the new scheme).
     */
    async update(principal: Principal, id: string, input: PolicyUpdate): Promise<Policy> {
      const policy = await load(principal, id);
      const { organizationId } = principal;
      const change = pickRules(input);
      // Refused before any lock when the change cannot hold whatever the policy is now.
      const early = resolvePolicyRules(mergeRules(policy.rules, change), change);
      if (!early.ok) throw invalidPolicy(early.problems);
      const now = clock();
      return auditedTransaction(store.db, principal, now, async (trx) => {
        // The row lock first: a concurrent change or a license landing on the policy then
        // waits (or is waited for), and `before` is what this replaces.
        const repository = policiesRepository(trx);
        const locked = await repository.lock(organizationId, policy.id);
        const before = locked ? await repository.find(organizationId, policy.id) : null;
        if (!before) throw notFound("policy", id);
        const current = before.rules;
        const result = resolvePolicyRules(mergeRules(current, change), change);
        if (!result.ok) throw invalidPolicy(result.problems);
        if (
          result.rules.scheme !== current.scheme &&
          (await repository.hasLicenses(organizationId, policy.id))
        ) {
          // Issued keys were made with the old scheme: clients verifying them would break.
          throw new ServiceError(
            "POLICY_IN_USE",
            "the key scheme of a policy with licenses cannot change",
          );
        }
        const changes: PolicyChanges = { rules: result.rules };
        if (input.name !== undefined) changes.name = input.name;
        if (input.metadata !== undefined) changes.metadata = input.metadata;
        const updated = await repository.update(
          organizationId,
          policy.id,
          changes,
          now.toISOString(),
        );
        if (!updated) throw notFound("policy", id);
        return {
          result: updated,
          audit: { action: "policy.updated", id: policy.id, before, after: updated },
        };
      });
    },

    /**
     * Refused (409 POLICY_IN_USE) while licenses follow the policy or its product's public
     * trials do. Under the policy's row lock, which creating a license under it and choosing it
     * for public trials take too, so neither can land on a policy being deleted.
     */
    async delete(principal: Principal, id: string): Promise<void> {
      const policy = await load(principal, id);
      const { organizationId } = principal;
      await store.db.transaction().execute(async (trx) => {
        const repository = policiesRepository(trx);
        if (!(await repository.lock(organizationId, policy.id))) throw notFound("policy", id);
        if (await repository.hasLicenses(organizationId, policy.id)) {
          throw new ServiceError(
            "POLICY_IN_USE",
            "the policy still has licenses: move them to another policy of the product " +
              "(PATCH /v1/licenses/{id} with policyId) or delete them first",
          );
        }
        if ((await publicTrialPolicyId(trx, organizationId, policy.productId)) === policy.id) {
          throw new ServiceError(
            "POLICY_IN_USE",
            `the public trials of product ${policy.productId} follow this policy: choose ` +
              "another one (or none) with PUT /v1/products/{id}/trackable first",
          );
        }
        await trackableRepository(trx).deleteSettings(organizationId, policy.id);
        await repository.delete(organizationId, policy.id);
        await recordAudit(trx, principal, clock(), {
          action: "policy.deleted",
          id: policy.id,
          before: policy,
        });
      });
    },
  };
}
export type PoliciesService = ReturnType<typeof policiesService>;
