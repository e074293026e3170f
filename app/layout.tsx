import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ConfirmProvider } from "@/app/_components/confirm-dialog";
import { ToastProvider } from "@/app/_components/toast";
import { TopBar } from "@/app/_components/top-bar";
import { TRPCReactProvider } from "@/app/_trpc/client";
import { getContext } from "@/app/_trpc/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tunebench", template: "%s · Tunebench" },
  description: "Evaluation-driven experiment tracking for LLM fine-tuning",
};

// Every page reads the caller's session and live data; nothing here is static.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const ctx = await getContext();
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>
          <ToastProvider>
            <ConfirmProvider>
              <TopBar ctx={ctx} />
              <main className="main">{children}</main>
            </ConfirmProvider>
          </ToastProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
