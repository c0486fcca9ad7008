// Types for the parts of @citation-js/plugin-bibtex (untyped JavaScript) that the BibTeX source
// uses directly: the LaTeX value decoder and its tables.

declare module '@citation-js/plugin-bibtex/lib/input/value.js' {
  /** Decodes one raw BibTeX field value (LaTeX) the way the field's type asks for. Throws on bad LaTeX. */
  export function parse(text: string, field: string, languages?: string | string[]): unknown;
}

declare module '@citation-js/plugin-bibtex/lib/input/constants.js' {
  /** HTML markup the value decoder wraps around \emph, \textbf, \textsc, ... */
  export const formatting: Record<string, [string, string]>;
  /** The @string macros BibTeX predefines (months, common journal names). */
  export const defaultStrings: Record<string, string>;
  /** Command tables of the value decoder: which commands take an argument, and how many. */
  export const diacritics: Record<string, string>;
  export const commands: Record<string, string>;
  export const mathCommands: Record<string, string>;
  export const formattingCommands: Record<string, string | undefined>;
  export const formattingEnvs: Record<string, string | undefined>;
  export const argumentCommands: Record<string, (...args: string[]) => string>;
  /** `--`, `---`, TeX quotes and `~`, and what they stand for. */
  export const ligatures: Record<string, string>;
}
