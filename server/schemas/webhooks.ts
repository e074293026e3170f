import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "../../core/enums";

export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);

const EndpointUrl = z
  .url({ protocol: /^https?$/, error: "url must be an http(s) URL" })
  .max(2000)
  .refine(
    // zod runs this even when the value is no URL at all (z.url() has reported that already).
    (u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password),
    "url must not carry credentials; the signature authenticates the sender",
  );

export const CreateEndpointInput = z.object({
  url: EndpointUrl,
  events: z
    .array(WebhookEventType)
    .min(1, "Subscribe to at least one event")
    .transform((e) => [...new Set(e)]),
  description: z.string().trim().max(200).default(""),
});
export type CreateEndpointInput = z.infer<typeof CreateEndpointInput>;

export const EndpointIdInput = z.object({ endpointId: z.string().min(1) });

export const UpdateEndpointInput = z.object({
  endpointId: z.string().min(1),
  url: EndpointUrl.optional(),
  events: z.array(WebhookEventType).min(1, "Subscribe to at least one event").optional(),
  description: z.string().trim().max(200).optional(),
  enabled: z.boolean().optional(),
});
export type UpdateEndpointInput = z.infer<typeof UpdateEndpointInput>;

export const ListDeliveriesInput = z.object({
  endpointId: z.string().min(1),
  limit: z.number().int().min(1).max(200).default(50),
});
export const DeliveryIdInput = z.object({ deliveryId: z.string().min(1) });
