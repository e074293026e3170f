export { deliverWebhook } from "./deliver";
export { listDeliveries, redeliver, sendTestEvent } from "./delivery-log";
export { emitWebhookEvent, type WebhookEventInput } from "./emit-event";
export {
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
} from "./endpoints";
export { emitEvalCompleted, emitRunStatusEvent } from "./run-events";
