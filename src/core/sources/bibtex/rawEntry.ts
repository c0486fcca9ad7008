/** One entry as written: lower-case field names -> raw values (macros expanded, LaTeX kept). */
export interface RawEntry {
  type: string;
  key: string;
  line: number;
  fields: Record<string, string>;
}
