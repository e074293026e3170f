import { and, desc, eq } from "drizzle-orm";
import { newId, webhookEndpoints } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { badRequest, notFound } from "@/server/errors";
import type { CreateEndpointInput, UpdateEndpointInput } from "@/server/schemas/webhooks";
import { generateWebhookSecret } from "@/server/services/settings/secret-names";
import {
  type AddressPolicy,
  type Resolve,
  urlRefusal,
  webhookAddressPolicy,
} from "./address-policy";
import { sealEndpointSecret } from "./endpoint-secret";

/** Tests pass a resolver and a policy; the server resolves with DNS under the environment's policy. */
export type TargetCheck = { resolve?: Resolve; policy?: AddressPolicy };

/** Refuses, at save time, a URL whose host is or resolves to an address webhooks may not call
 *  (address-policy.ts); delivery checks again at connect time, when DNS may answer differently. */
async function assertCallable(url: string, check: TargetCheck): Promise<void> {
  const why = await urlRefusal(url, check.policy ?? webhookAddressPolicy(), check.resolve);
  if (why) throw badRequest(`url: ${why}; webhooks are not sent to internal addresses`);
}

const view = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  events: webhookEndpoints.events,
  enabled: webhookEndpoints.enabled,
  secretHint: webhookEndpoints.secretHint,
  createdAt: webhookEndpoints.createdAt,
};

export async function listEndpoints(db: Db, projectId: string) {
  return db
    .select(view)
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.projectId, projectId))
    .orderBy(desc(webhookEndpoints.createdAt));
}

/** Creates an endpoint with a fresh whsec_ secret, returned this once (only a hint later). */
export async function createEndpoint(
  db: Db,
  projectId: string,
  input: CreateEndpointInput,
  check: TargetCheck = {},
): Promise<{ id: string; secret: string }> {
  await assertCallable(input.url, check);
  const id = newId();
  const secret = generateWebhookSecret();
  await db.insert(webhookEndpoints).values({
    id,
    projectId,
    url: input.url,
    events: input.events,
    description: input.description,
    ...sealEndpointSecret(projectId, id, secret),
  });
  return { id, secret };
}

export async function updateEndpoint(
  db: Db,
  projectId: string,
  input: UpdateEndpointInput,
  check: TargetCheck = {},
): Promise<void> {
  if (input.url) await assertCallable(input.url, check);
  const { endpointId, ...patch } = input;
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      updatedAt: new Date(),
    })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.projectId, projectId)))
    .returning({ id: webhookEndpoints.id });
  if (!row) throw notFound("Webhook endpoint");
}

export async function deleteEndpoint(db: Db, projectId: string, endpointId: string): Promise<void> {
  const [row] = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.projectId, projectId)))
    .returning({ id: webhookEndpoints.id });
  if (!row) throw notFound("Webhook endpoint");
}

/** A new secret at once; pending retries are signed with it from their next attempt on. */
export async function rotateEndpointSecret(
  db: Db,
  projectId: string,
  endpointId: string,
): Promise<{ secret: string }> {
  const secret = generateWebhookSecret();
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...sealEndpointSecret(projectId, endpointId, secret), updatedAt: new Date() })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.projectId, projectId)))
    .returning({ id: webhookEndpoints.id });
  if (!row) throw notFound("Webhook endpoint");
  return { secret };
}

export async function findEndpoint(db: Db, projectId: string, endpointId: string) {
  const [row] = await db
    .select(view)
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.projectId, projectId)));
  if (!row) throw notFound("Webhook endpoint");
  return row;
}
