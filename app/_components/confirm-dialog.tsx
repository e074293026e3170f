"use client";

import {
  createContext,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
} from "react";

export type ConfirmOptions = {
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** A destructive action: its button is red, and focus starts on Cancel either way. */
  danger?: boolean;
};

type Ask = (options: ConfirmOptions) => Promise<boolean>;
const ConfirmContext = createContext<Ask | null>(null);

/** `const confirm = useConfirm(); if (await confirm({ title, confirmLabel })) …`: window.confirm's
 *  flow, as an accessible modal dialog. */
export function useConfirm(): Ask {
  const ask = useContext(ConfirmContext);
  if (!ask) throw new Error("useConfirm needs a <ConfirmProvider> above it");
  return ask;
}

const FOCUSABLE = "button:not([disabled]), [href], input:not([disabled]), [tabindex]";

/**
 * One confirmation dialog for the whole app, on the browser's own modal <dialog>: showModal()
 * makes the rest of the page inert (no focus or clicks behind it), Esc cancels, and focus returns
 * to the button that opened it on close. Tab and Shift+Tab wrap inside it; it is an alertdialog
 * named by its title and described by its body. No library: the browser does the hard parts.
 */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [request, setRequest] = useState<{
    options: ConfirmOptions;
    resolve: (ok: boolean) => void;
  } | null>(null);
  const ask = useCallback<Ask>(
    (options) => new Promise((resolve) => setRequest({ options, resolve })),
    [],
  );
  useEffect(() => {
    const dialog = ref.current;
    if (request && dialog && !dialog.open) dialog.showModal();
  }, [request]);
  const settle = (ok: boolean) => {
    request?.resolve(ok);
    setRequest(null);
    ref.current?.close();
  };
  const wrapTab = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== "Tab") return;
    const items = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const [first, last] = [items[0], items.at(-1)];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  const o = request?.options;
  return (
    <ConfirmContext.Provider value={ask}>
      {children}
      <dialog
        ref={ref}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby={o?.body ? "confirm-body" : undefined}
        onCancel={(e) => {
          e.preventDefault(); // Esc: settle (and close) here, so the promise always resolves
          settle(false);
        }}
        onKeyDown={wrapTab}
      >
        {o && (
          <div className="stack">
            <h2 id="confirm-title">{o.title}</h2>
            {o.body && (
              <div id="confirm-body" className="muted">
                {o.body}
              </div>
            )}
            <div className="row" style={{ justifyContent: "flex-end" }}>
              {/* biome-ignore lint/a11y/noAutofocus: the safe choice takes focus in a modal */}
              <button type="button" className="btn" autoFocus onClick={() => settle(false)}>
                {o.cancelLabel ?? "Cancel"}
              </button>
              <button
                type="button"
                className={o.danger ? "btn btn-danger" : "btn btn-primary"}
                onClick={() => settle(true)}
              >
                {o.confirmLabel}
              </button>
            </div>
          </div>
        )}
      </dialog>
    </ConfirmContext.Provider>
  );
}
