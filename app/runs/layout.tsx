import type { ReactNode } from "react";
import { HiddenFromReviewers } from "@/app/_components/reviewer-redirect";

export default function Layout({ children }: { children: ReactNode }) {
  return <HiddenFromReviewers>{children}</HiddenFromReviewers>;
}
