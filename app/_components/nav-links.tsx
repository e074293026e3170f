"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Role } from "@/core/enums";

const LINKS = [
  {
    href: "/",
    label: "Experiments",
    match: (p: string) => p === "/" || p.startsWith("/experiments") || p.startsWith("/runs/"),
  },
  { href: "/runs", label: "Runs", match: (p: string) => p === "/runs" },
  { href: "/datasets", label: "Datasets", match: (p: string) => p.startsWith("/datasets") },
  { href: "/review", label: "Review", match: (p: string) => p.startsWith("/review") },
  { href: "/settings", label: "Settings", match: (p: string) => p.startsWith("/settings") },
];

// A reviewer's work is the review queue; the rest of the product is for people who run experiments.
const REVIEWER_LINKS = new Set(["/review"]);

export function NavLinks({ role }: { role?: Role | null }) {
  const pathname = usePathname();
  const links = role === "reviewer" ? LINKS.filter((l) => REVIEWER_LINKS.has(l.href)) : LINKS;
  return (
    <nav className="nav" aria-label="Main">
      {links.map((l) => (
        <Link key={l.href} href={l.href} aria-current={l.match(pathname) ? "page" : undefined}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
