import {
  CampaignIdInput,
  CampaignPreferencesInput,
  CreateCampaignInput,
  ListCampaignsInput,
  SetReviewersInput,
  SlotInput,
  VoteInput,
} from "@/server/schemas/reviews";
import {
  backItem,
  closeCampaign,
  createCampaign,
  getCampaign,
  getGuidelines,
  getResults,
  listCampaigns,
  nextItem,
  preferencesFromCampaign,
  setReviewers,
  skipItem,
  voteItem,
} from "@/server/services/reviews";
import { createTRPCRouter, memberProcedure, protectedProcedure } from "@/server/trpc";

// Reviewer-facing procedures (list, guidelines, next, vote, skip, back) are open to every role but
// the services only serve campaigns the caller is assigned to, and never return run identities.
// next is a mutation: it claims a reservation. CSV/JSON export: GET /api/reviews/[id]/export.
export const reviewsRouter = createTRPCRouter({
  create: memberProcedure
    .input(CreateCampaignInput)
    .mutation(({ ctx, input }) => createCampaign({ ctx, input })),
  list: protectedProcedure
    .input(ListCampaignsInput)
    .query(({ ctx, input }) => listCampaigns({ ctx, input })),
  get: memberProcedure
    .input(CampaignIdInput)
    .query(({ ctx, input }) => getCampaign({ ctx, input })),
  setReviewers: memberProcedure
    .input(SetReviewersInput)
    .mutation(({ ctx, input }) => setReviewers({ ctx, input })),
  guidelines: protectedProcedure
    .input(CampaignIdInput)
    .query(({ ctx, input }) => getGuidelines({ ctx, input })),
  next: protectedProcedure
    .input(CampaignIdInput)
    .mutation(({ ctx, input }) => nextItem({ ctx, input })),
  vote: protectedProcedure.input(VoteInput).mutation(({ ctx, input }) => voteItem({ ctx, input })),
  skip: protectedProcedure.input(SlotInput).mutation(({ ctx, input }) => skipItem({ ctx, input })),
  back: protectedProcedure
    .input(CampaignIdInput)
    .mutation(({ ctx, input }) => backItem({ ctx, input })),
  close: memberProcedure
    .input(CampaignIdInput)
    .mutation(({ ctx, input }) => closeCampaign({ ctx, input })),
  results: memberProcedure
    .input(CampaignIdInput)
    .query(({ ctx, input }) => getResults({ ctx, input })),
  toPreferenceDataset: memberProcedure
    .input(CampaignPreferencesInput)
    .mutation(({ ctx, input }) => preferencesFromCampaign({ ctx, input })),
});
