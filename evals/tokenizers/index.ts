import { tokenize13a } from "./13a";
import { tokenizeChar } from "./char";
import { tokenizeIntl } from "./intl";
import { tokenizeNone } from "./none";
import { tokenizeZh } from "./zh";

export const TOKENIZERS = ["13a", "intl", "zh", "char", "none"] as const;
export type TokenizerName = (typeof TOKENIZERS)[number];

export function getTokenizer(name: TokenizerName): (line: string) => string {
  switch (name) {
    case "13a":
      return tokenize13a;
    case "intl":
      return tokenizeIntl;
    case "zh":
      return tokenizeZh;
    case "char":
      return tokenizeChar;
    case "none":
      return tokenizeNone;
    default: {
      const never: never = name;
      throw new Error(
        `unknown tokenizer ${JSON.stringify(never)}; expected one of ${TOKENIZERS.join(", ")}`,
      );
    }
  }
}
