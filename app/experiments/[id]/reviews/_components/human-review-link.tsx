import Link from "next/link";

/** The way from an experiment to its review campaigns (and from there to new ones). */
export function HumanReviewLink({ experimentId }: { experimentId: string }) {
  return (
    <Link
      className="btn btn-sm"
      href={`/experiments/${experimentId}/reviews`}
      data-testid="human-review-link"
    >
      Human review
    </Link>
  );
}
