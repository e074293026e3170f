"use client";

import { Alert } from "@/app/_components/ui";

// Server errors reach the browser without their message in production builds (only a digest),
// so the page says what to do rather than echoing internals.
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="stack" style={{ maxWidth: 640 }}>
      <Alert title="This page failed to load">
        {process.env.NODE_ENV === "development"
          ? error.message
          : "The server hit an error while preparing this page."}
        {error.digest && (
          <div className="small faint">
            Reference: {error.digest} (search the server log for it)
          </div>
        )}
      </Alert>
      <div>
        <button type="button" className="btn" onClick={reset}>
          Try again
        </button>
      </div>
    </div>
  );
}
