/**
 * Tokenizer "13a": sacreBLEU `Tokenizer13a` (tokenizer_13a.py), a port of mteval-v13a.pl,
 * the default BLEU tokenizer (Post, 2018, "A Call for Clarity in Reporting BLEU Scores").
 * The ' ' padding is load-bearing: it makes a sentence-final "." after a digit split off.
 */
import { tokenizeRegexpTokens } from "./regexp";

export function tokenize13a(input: string): string {
  return tokenize13aTokens(input).join(" ");
}

export function tokenize13aTokens(input: string): string[] {
  let line = input.replaceAll("<skipped>", "").replaceAll("-\n", "").replaceAll("\n", " ");
  if (line.includes("&")) {
    line = line
      .replaceAll("&quot;", '"')
      .replaceAll("&amp;", "&")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">");
  }
  return tokenizeRegexpTokens(` ${line} `);
}
