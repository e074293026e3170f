export { emitWebhookEvent, type WebhookEventInput } from "./emit-event";
export {
  listEndpoints,
  createEndpoint,
  updateEndpoint,
  deleteEndpoint,
  rotateEndpointSecret,
} from "./endpoints";
export { listDeliveries, sendTestEvent, redeliver } from "./delivery-log";
export { deliverWebhook } from "./deliver";
export { emitRunStatusEvent, emitEvalCompleted } from "./run-events";
