import Link from "next/link";
import type { ReactNode } from "react";
import { getContext } from "@/app/_trpc/server";

/** Reviewers judge outputs blind: experiments, runs and their results would tell them which model
 *  wrote what, so every page under these layouts sends them to their queue instead. */
export async function HiddenFromReviewers({ children }: { children: ReactNode }) {
  const { role } = await getContext();
  if (role !== "reviewer") return children;
  return (
    <div className="card">
      <div className="empty">
        <h3>This page is for the experiment&apos;s owners</h3>
        <p>
          Reviews are blind, so runs and their results stay hidden from reviewers. Your assigned
          campaigns are in your review queue.
        </p>
        <Link className="btn btn-primary" href="/review">
          Go to your review queue
        </Link>
      </div>
    </div>
  );
}
