import type { ReactNode } from "react";

/** Presentational building blocks shared by every page; server-safe (no hooks, no state). */

export function PageHeader(props: {
  title: ReactNode;
  description?: ReactNode;
  crumbs?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        {props.crumbs && <div className="crumbs">{props.crumbs}</div>}
        <h1>{props.title}</h1>
        {props.description && <p>{props.description}</p>}
      </div>
      {props.actions && <div className="row">{props.actions}</div>}
    </div>
  );
}

export function Card(props: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  flush?: boolean;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section
      className="card"
      id={props.id}
      aria-label={typeof props.title === "string" ? props.title : undefined}
    >
      {(props.title || props.actions) && (
        <div className="card-header">
          <div>
            {props.title && <h2>{props.title}</h2>}
            {props.description && <p>{props.description}</p>}
          </div>
          {props.actions && <div className="row">{props.actions}</div>}
        </div>
      )}
      <div className={props.flush ? "card-body flush" : "card-body"}>{props.children}</div>
    </section>
  );
}

export function Stat({
  label,
  value,
  hint,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
}) {
  return (
    <div className="card stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint && <div className="faint small">{hint}</div>}
    </div>
  );
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty">
      <h3>{title}</h3>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}

export type Tone = "ok" | "warn" | "err" | "info" | "accent" | "neutral";

export function Badge({
  tone = "neutral",
  live,
  plain,
  children,
  title,
}: {
  tone?: Tone;
  live?: boolean;
  plain?: boolean;
  children: ReactNode;
  title?: string;
}) {
  const cls = ["badge", tone === "neutral" ? "" : tone, live ? "live" : "", plain ? "plain" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <span className={cls} title={title}>
      {children}
    </span>
  );
}

export function Alert({
  tone = "err",
  title,
  children,
}: {
  tone?: Exclude<Tone, "accent" | "neutral">;
  title?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className={`alert ${tone}`} role={tone === "err" ? "alert" : "status"}>
      {title && <div className="alert-title">{title}</div>}
      {children}
    </div>
  );
}

export function ProgressBar({ value, label }: { value: number; label?: string }) {
  const pct = Math.max(0, Math.min(100, value * 100));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuenow={Math.round(pct)}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-label={label}
    >
      <div style={{ width: `${pct}%` }} />
    </div>
  );
}

export function Skeleton({
  height = 16,
  width = "100%",
}: {
  height?: number;
  width?: number | string;
}) {
  return <div className="skeleton" style={{ height, width }} />;
}

export function Spinner() {
  return <output className="spinner" aria-label="Loading" />;
}

export function LoadingCard({ rows = 4 }: { rows?: number }) {
  return (
    <div className="card card-body stack" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders, nothing but their position
        <Skeleton key={i} width={`${90 - i * 12}%`} />
      ))}
    </div>
  );
}
