import Link from "next/link";
import { ErrorView } from "@/app/_components/error-view";
import { Alert, EmptyState } from "@/app/_components/ui";

/** Nothing left for this reviewer; ← still reopens the last vote. */
export function WorkDone() {
  return (
    <div className="card" data-testid="review-done">
      <EmptyState title="You're done with this campaign" action={<BackToCampaigns />}>
        Nothing is left for you to judge here. Press <kbd>←</kbd> to reopen your last vote.
      </EmptyState>
    </div>
  );
}

/** The owner closed the campaign: no more votes, and the results are final. */
export function WorkClosed() {
  return (
    <div className="card" data-testid="review-closed">
      <EmptyState title="This campaign is closed" action={<BackToCampaigns />}>
        Its owner closed it, so it takes no more votes and its results are final. Thank you for your
        work.
      </EmptyState>
    </div>
  );
}

export function WorkError({ error }: { error: unknown }) {
  const code = (error as { data?: { code?: string } })?.data?.code;
  if (code === "FORBIDDEN" || code === "NOT_FOUND") {
    return (
      <Alert tone="warn" title="This campaign isn't assigned to you">
        Ask the campaign&apos;s owner to add you as a reviewer.{" "}
        <Link href="/review">See your campaigns</Link>.
      </Alert>
    );
  }
  return <ErrorView error={error as Parameters<typeof ErrorView>[0]["error"]} />;
}

function BackToCampaigns() {
  return (
    <Link className="btn" href="/review">
      Back to your campaigns
    </Link>
  );
}
