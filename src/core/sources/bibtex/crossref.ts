// Crossref: a child inherits what it lacks from its parent (BibTeX and BibLaTeX rules, limited to
// the fields a PaperRecord uses; a parent's DOI, URL or abstract are not the child's).
import type { RawEntry } from './rawEntry';

const INHERITED = [
  'booktitle', 'journal', 'journaltitle', 'year', 'date', 'publisher', 'organization',
  'institution', 'school', 'eventtitle', 'booksubtitle',
];
/** Parent types whose `title` becomes the child's `booktitle` / `journaltitle` (BibLaTeX). */
const PARENT_TITLE: Record<string, string> = {
  proceedings: 'booktitle', mvproceedings: 'booktitle', book: 'booktitle', mvbook: 'booktitle',
  collection: 'booktitle', mvcollection: 'booktitle', reference: 'booktitle', mvreference: 'booktitle',
  periodical: 'journaltitle',
};

/**
 * The fields of `entry` with what it inherits along its crossref chain; a cycle stops at the entry
 * itself or after 8 steps.
 */
export function resolveCrossref(
  entry: RawEntry,
  byKey: Map<string, RawEntry>,
  byLowerKey: Map<string, RawEntry>,
  depth = 0,
): Record<string, string> {
  const ref = entry.fields.crossref?.trim();
  if (!ref || depth > 8) return entry.fields;
  const parent = byKey.get(ref) ?? byLowerKey.get(ref.toLowerCase());
  if (!parent || parent === entry) return entry.fields;
  const inherited = resolveCrossref(parent, byKey, byLowerKey, depth + 1);
  const fields: Record<string, string> = Object.assign(Object.create(null), entry.fields);
  for (const name of INHERITED) {
    if (!(name in fields) && name in inherited) fields[name] = inherited[name];
  }
  const titleField = PARENT_TITLE[parent.type];
  if (titleField && inherited.title && !(titleField in fields)) fields[titleField] = inherited.title;
  return fields;
}
