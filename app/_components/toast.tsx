"use client";

import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";

type Tone = "ok" | "err" | "info";
type Toast = { id: number; tone: Tone; text: string };
export type Toaster = { ok: (text: string) => void; error: (text: string) => void };

const ToastContext = createContext<Toaster | null>(null);

/** Short notices for what happened away from any form (a cancelled run, a failed tag change). */
export function useToast(): Toaster {
  const toaster = useContext(ToastContext);
  if (!toaster) throw new Error("useToast needs a <ToastProvider> above it");
  return toaster;
}

// Long enough to read a sentence twice; errors stay until dismissed or replaced by 4 newer ones.
const OK_MS = 5000;
const MAX = 4;

/** The notices, in a polite live region (errors as alerts), bottom right, each dismissable. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (tone: Tone, text: string) => {
      const id = Date.now() + Math.random();
      setToasts((ts) => [...ts.slice(-(MAX - 1)), { id, tone, text }]);
      if (tone !== "err") setTimeout(() => dismiss(id), OK_MS);
    },
    [dismiss],
  );
  const toaster = useMemo<Toaster>(
    () => ({ ok: (text) => push("ok", text), error: (text) => push("err", text) }),
    [push],
  );
  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <section className="toasts" aria-label="Notifications" aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            className={`toast alert ${t.tone}`}
            role={t.tone === "err" ? "alert" : "status"}
            data-testid="toast"
          >
            <span>{t.text}</span>
            <button
              type="button"
              className="btn btn-sm"
              aria-label="Dismiss"
              onClick={() => dismiss(t.id)}
            >
              ×
            </button>
          </div>
        ))}
      </section>
    </ToastContext.Provider>
  );
}
