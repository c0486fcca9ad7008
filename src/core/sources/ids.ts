/**
 * Small helpers shared by every source and by de-duplication: DOIs, arXiv ids, display names,
 * JSON error messages. Pure functions, no I/O.
 */

const DOI_PREFIX = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*|doi\s+)/i;
// Printable ASCII only: a DOI from a server may carry anything, and a DOI never needs more.
const DOI_SHAPE = /^10\.\d{4,9}\/[\x21-\x7e]+$/;

/**
 * A DOI in canonical form: lower-case, without `https://doi.org/` / `doi:`, or undefined when the
 * text is not a DOI.
 * @example normalizeDoi('https://doi.org/10.18653/V1/2020.ACL-MAIN.1') // '10.18653/v1/2020.acl-main.1'
 */
export function normalizeDoi(text: string | undefined | null): string | undefined {
  if (typeof text !== 'string') return undefined;
  let doi = text.trim().replace(DOI_PREFIX, '').trim();
  // LaTeX escapes that .bib files carry into DOIs (10.1000/a\_b).
  doi = doi.replace(/\\([_%&#$])/g, '$1');
  // URL-encoded slashes, as some exporters write them.
  if (/%2f/i.test(doi)) doi = doi.replace(/%2f/gi, '/');
  doi = doi.toLowerCase();
  return DOI_SHAPE.test(doi) ? doi : undefined;
}

/** New-style (2007+) ids: 0704.0001, 2106.09685; old-style: cs/0112017, math.GT/0309136. */
const ARXIV_ID = String.raw`(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Za-z]{2})?\/\d{7})(?:v\d+)?`;
const BARE_ARXIV = new RegExp(String.raw`^\s*(?:arxiv:\s*)?${ARXIV_ID}\s*$`, 'i');
// "arXiv:ID", "arXiv ID", "arxiv.org/abs/ID", "arxiv.org/pdf/ID.pdf", "10.48550/arXiv.ID".
const ARXIV_IN_TEXT = new RegExp(
  String.raw`arxiv(?:\.org\/(?:abs|pdf|html|format)\/|[:.]\s*|\s+)${ARXIV_ID}(?![\d])`,
  'i',
);

/**
 * The bare arXiv id (no version) found in `text`. By default the id must be introduced by an
 * arXiv marker (`arXiv:`, an arxiv.org URL, the 10.48550/arXiv. DOI); with `{ bare: true }` a
 * text that is nothing but an id (a BibLaTeX `eprint` field) is accepted too.
 * @example extractArxivId('https://arxiv.org/abs/2106.09685v2') // '2106.09685'
 * @example extractArxivId('2106.09685', { bare: true })         // '2106.09685'
 */
export function extractArxivId(
  text: string | undefined | null,
  opts: { bare?: boolean } = {},
): string | undefined {
  if (typeof text !== 'string' || text.length === 0) return undefined;
  const whole = BARE_ARXIV.exec(text);
  if (whole && (opts.bare || /arxiv:/i.test(text))) return canonicalArxiv(whole[1]);
  const found = ARXIV_IN_TEXT.exec(text);
  return found ? canonicalArxiv(found[1]) : undefined;
}

function canonicalArxiv(id: string): string {
  // Old-style archive names are lower-case, subject classes upper-case: math.GT/0309136.
  const slash = id.indexOf('/');
  if (slash < 0) return id;
  const [archive, sub] = id.slice(0, slash).split('.');
  return `${archive.toLowerCase()}${sub ? `.${sub.toUpperCase()}` : ''}${id.slice(slash)}`;
}

/** Name parts as BibTeX and CSL give them. */
export interface NameParts {
  given?: string;
  family?: string;
  /** BibTeX "von" part / CSL non-dropping-particle. */
  prefix?: string;
  'non-dropping-particle'?: string;
  'dropping-particle'?: string;
  suffix?: string;
  literal?: string;
}

/**
 * A display name, "First von Last Jr.", from name parts; '' when there is nothing to show.
 * @example displayName({ given: 'Jan', prefix: 'van der', family: 'Berg' }) // 'Jan van der Berg'
 */
export function displayName(name: NameParts): string {
  if (name.literal) return collapseSpace(name.literal);
  const parts = [
    name.given,
    name['dropping-particle'],
    name.prefix ?? name['non-dropping-particle'],
    name.family,
    name.suffix,
  ];
  return collapseSpace(parts.filter((p) => typeof p === 'string' && p.length > 0).join(' '));
}

/** Collapses runs of white space (including no-break spaces) to one space and trims. */
export function collapseSpace(text: string): string {
  // Test first: most values need nothing, and not copying them saves garbage on big files.
  return NEEDS_COLLAPSE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

const NEEDS_COLLAPSE = /\s\s|[^\S ]|^ | $/;

/**
 * V8's reason without its echo of the input or the offset:
 * "Unexpected token 'x', "[1, x]" is not valid JSON" -> "Unexpected token 'x'".
 */
export function jsonErrorReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/,\s*(?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/s, '');
}
