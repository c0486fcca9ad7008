// Types for the parts of @citation-js/plugin-bibtex (untyped JavaScript) that the BibTeX source
// uses directly: the tables of its LaTeX value decoder.

declare module '@citation-js/plugin-bibtex/lib/input/constants.js' {
  /** HTML markup the value decoder wraps around \emph, \textbf, \textsc, ... */
  export const formatting: Record<string, [string, string]>;
  /** The @string macros BibTeX predefines (months, common journal names). */
  export const defaultStrings: Record<string, string>;
  /** Accent commands and their combining marks (`'` -> U+0301). */
  export const diacritics: Record<string, string>;
  /** Text symbol commands (`ss` -> ß, `textendash` -> –); some map to null. */
  export const commands: Record<string, string | null>;
  /** Greek letters of maths mode. */
  export const mathCommands: Record<string, string>;
  /** Superscript (`^`) and subscript (`_`) characters by the character they raise or lower. */
  export const mathScripts: Record<'^' | '_', Record<string, string>>;
}
