import Link from "next/link";
import { EmptyState } from "@/app/_components/ui";

export default function NotFound() {
  return (
    <div className="card">
      <EmptyState
        title="Not found"
        action={
          <Link className="btn" href="/">
            Back to experiments
          </Link>
        }
      >
        This page doesn&apos;t exist, or it belongs to a project you can&apos;t see.
      </EmptyState>
    </div>
  );
}
