import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import styles from "./markdown.module.css";

/**
 * Renders untrusted text (model outputs, prompts) as markdown with code blocks, safely:
 * - no rehype-raw, so HTML in the text is never parsed as HTML: react-markdown turns it into
 *   plain text, which a reviewer sees literally (the honest view of what the model wrote);
 * - an allowlist of elements, so nothing outside plain prose, lists, tables and code appears;
 * - images never load (a remote image in model output would be a tracking pixel, and could carry
 *   a run's identity off the page); their alt text is shown instead;
 * - links keep only http(s) and mailto targets, open in a new tab with no referrer, and show their
 *   address so a reviewer sees where they would go; javascript:, data: and the like become text.
 * The same component renders trusted guidelines, where the same limits do no harm.
 */

const ALLOWED = [
  "p",
  "br",
  "hr",
  "strong",
  "em",
  "del",
  "blockquote",
  "ul",
  "ol",
  "li",
  "code",
  "pre",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "a",
  "img",
  "input",
  "sup",
  "section",
];

const SAFE_URL = /^(https?:|mailto:)/i;

export function safeUrl(url: string): string {
  const trimmed = url.trim();
  return SAFE_URL.test(trimmed) ? trimmed : "";
}

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow" title={href}>
        {children}
      </a>
    ) : (
      <span className={styles.blocked}>{children}</span>
    ),
  img: ({ alt }) => (
    <span className={styles.blocked}>[image not loaded{alt ? `: ${alt}` : ""}]</span>
  ),
  // GFM task-list checkboxes: shown, never interactive.
  input: ({ checked }) => <span aria-hidden>{checked ? "☑ " : "☐ "}</span>,
};

export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className ? `${styles.md} ${className}` : styles.md}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        allowedElements={ALLOWED}
        unwrapDisallowed
        urlTransform={(url, key) => (key === "href" ? safeUrl(url) : "")}
        components={components}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
