import Link from "next/link";

/** Reviewers work from their queue; campaign settings and results are for the people who run them. */
export function ReviewerRedirect() {
  return (
    <div className="card"><div className="empty">
      <h3>Campaigns are managed by the experiment&apos;s owners</h3>
      <p>Your assigned campaigns are in your review queue.</p>
      <Link className="btn btn-primary" href="/review">Go to your review queue</Link>
    </div></div>
  );
}
