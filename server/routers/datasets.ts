import {
  DatasetIdInput,
  DatasetVersionIdInput,
  UploadDatasetInput,
} from "@/server/schemas/datasets";
import {
  getDataset,
  listDatasetExamples,
  listDatasets,
  uploadDataset,
} from "@/server/services/datasets";
import { createTRPCRouter, memberProcedure } from "@/server/trpc";

export const datasetsRouter = createTRPCRouter({
  upload: memberProcedure
    .input(UploadDatasetInput)
    .mutation(({ ctx, input }) => uploadDataset({ ctx, input })),
  list: memberProcedure.query(({ ctx }) => listDatasets({ ctx })),
  get: memberProcedure.input(DatasetIdInput).query(({ ctx, input }) => getDataset({ ctx, input })),
  examples: memberProcedure
    .input(DatasetVersionIdInput)
    .query(({ ctx, input }) => listDatasetExamples({ ctx, input })),
});
