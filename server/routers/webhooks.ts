import { projectOf } from "@/server/ctx";
import {
  CreateEndpointInput,
  DeliveryIdInput,
  EndpointIdInput,
  ListDeliveriesInput,
  UpdateEndpointInput,
} from "@/server/schemas/webhooks";
import {
  createEndpoint,
  deleteEndpoint,
  listDeliveries,
  listEndpoints,
  redeliver,
  rotateEndpointSecret,
  sendTestEvent,
  updateEndpoint,
} from "@/server/services/webhooks";
import { adminProcedure, createTRPCRouter } from "@/server/trpc";

// Admin only: outgoing webhook endpoints. An endpoint's whsec_ secret is returned once, by
// create and rotateSecret; list shows its masked hint.
export const webhooksRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listEndpoints(ctx.db, projectOf(ctx))),
  create: adminProcedure
    .input(CreateEndpointInput)
    .mutation(({ ctx, input }) => createEndpoint(ctx.db, projectOf(ctx), input)),
  update: adminProcedure
    .input(UpdateEndpointInput)
    .mutation(({ ctx, input }) => updateEndpoint(ctx.db, projectOf(ctx), input)),
  delete: adminProcedure
    .input(EndpointIdInput)
    .mutation(({ ctx, input }) => deleteEndpoint(ctx.db, projectOf(ctx), input.endpointId)),
  rotateSecret: adminProcedure
    .input(EndpointIdInput)
    .mutation(({ ctx, input }) => rotateEndpointSecret(ctx.db, projectOf(ctx), input.endpointId)),
  deliveries: adminProcedure
    .input(ListDeliveriesInput)
    .query(({ ctx, input }) =>
      listDeliveries(ctx.db, projectOf(ctx), input.endpointId, input.limit),
    ),
  sendTest: adminProcedure
    .input(EndpointIdInput)
    .mutation(({ ctx, input }) => sendTestEvent(ctx.db, projectOf(ctx), input.endpointId)),
  redeliver: adminProcedure
    .input(DeliveryIdInput)
    .mutation(({ ctx, input }) => redeliver(ctx.db, projectOf(ctx), input.deliveryId)),
});
