/**
 * Characters that text from outside (a server's answer, a corpus line, a .bib field) must not
 * carry onto a terminal or into an editor's UI: C0 controls but tab and newline (ESC starts
 * cursor moves, window titles, OSC 8 links; BEL, BS, CR overwrite what was shown), DEL, the C1
 * controls (U+009B is CSI on terminals that read 8-bit controls), and the bidirectional
 * embeddings, overrides and isolates that make text read in another order than it is stored.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without the unsafe characters; tab and newline kept. */
export function stripControls(text: string): string {
  return text.replace(UNSAFE, '');
}

/** Those characters that JSON.stringify leaves raw (it escapes only C0), plus the JavaScript line separators. */
const RAW_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * JSON.stringify, with every unsafe character escaped (`\u009b`), so a program reading the JSON
 * gets the data unchanged and a terminal showing it sees no control.
 */
export function safeJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
