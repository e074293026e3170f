import { Webhook } from "standardwebhooks";

/** The Standard Webhooks envelope every endpoint receives. */
export function webhookPayload(type: string, data: Record<string, unknown>, at: Date): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

/** webhook-id / webhook-timestamp / webhook-signature, signed with the endpoint's whsec_ secret. */
export function signedHeaders(
  secret: string,
  msgId: string,
  at: Date,
  payload: string,
): Record<string, string> {
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(msgId, at, payload),
  };
}
