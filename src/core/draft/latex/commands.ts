// Which LaTeX commands and environments mean what to the scanner: citations, sections, text that
// is not prose, argument counts to skip, symbols and accents to spell out. Lookups by name only.

/** Sectioning commands -> outline level (`\part` highest). */
export const SECTION_LEVELS: Record<string, number> = {
  part: 0, chapter: 1, section: 2, subsection: 3, subsubsection: 4, paragraph: 5, subparagraph: 6,
};

const CITE_COMMANDS = new Set([
  'cite', 'citep', 'citet', 'citealp', 'citealt', 'citeauthor', 'citeyear', 'citeyearpar', 'Citep', 'Citet',
  'Citealp', 'Citealt', 'Citeauthor', 'parencite', 'Parencite', 'textcite', 'Textcite', 'autocite', 'Autocite',
  'footcite', 'footcitetext', 'smartcite', 'Smartcite', 'supercite', 'nocite', 'fullcite', 'footfullcite',
  'cites', 'Cites', 'parencites', 'Parencites', 'textcites', 'Textcites', 'autocites', 'Autocites',
  'footcites', 'smartcites', 'supercites', 'citetitle', 'citeurl', 'citedate', 'citenum', 'citeA', 'citeN',
  'shortcite', 'shortciteA', 'citeasnoun', 'possessivecite', 'Cite', 'citen', 'citeposs', 'citetalias',
  'citepalias', 'newcite', 'volcite', 'pvolcite', 'fvolcite', 'tvolcite', 'avolcite',
]);
/** Names that contain "cite" but are not citation commands. */
const NOT_CITE = new Set(['setcitestyle', 'citestyle', 'bibliographystyle', 'citeindexfalse', 'citeindextrue']);

/** A known citation command, or a short name with "cite" in it (package-specific variants). */
export function isCiteCommand(name: string): boolean {
  if (CITE_COMMANDS.has(name)) return true;
  return (name.includes('cite') || name.includes('Cite')) && !NOT_CITE.has(name) && !name.startsWith('set') && name.length < 20;
}

/** Environments whose content is not read at all. */
export const VERBATIM_ENVS = new Set(['verbatim', 'verbatim*', 'Verbatim', 'lstlisting', 'minted', 'comment', 'alltt', 'filecontents', 'filecontents*']);

/** Environments whose text is not prose (floats, tables, display math, ...). */
export const SUPPRESS_ENVS = new Set([
  'figure', 'figure*', 'table', 'table*', 'tabular', 'tabular*', 'tabularx', 'tabulary', 'longtable', 'array',
  'algorithm', 'algorithm*', 'algorithmic', 'algorithm2e', 'equation', 'equation*', 'align', 'align*',
  'alignat', 'alignat*', 'gather', 'gather*', 'multline', 'multline*', 'flalign', 'flalign*', 'eqnarray',
  'eqnarray*', 'displaymath', 'math', 'split', 'tikzpicture', 'picture', 'thebibliography', 'wrapfigure',
  'wraptable', 'subfigure', 'SCfigure', 'sidewaystable', 'sidewaysfigure', 'lstlisting', 'tcolorbox',
]);

/** Mandatory arguments to skip after `\begin{env}` (not prose). */
export const ENV_ARGS: Record<string, number> = { minipage: 1, multicols: 1, tabularx: 2, wrapfigure: 2, subfigure: 1 };

/** Commands whose arguments are not prose: number of mandatory arguments to drop. */
export const DROP_ARGS: Record<string, number> = {
  label: 1, ref: 1, cref: 1, Cref: 1, eqref: 1, autoref: 1, Autoref: 1, pageref: 1, nameref: 1, vref: 1,
  cpageref: 1, crefrange: 2, url: 1, href: 1, includegraphics: 1, vspace: 1, hspace: 1, bibliographystyle: 1,
  usepackage: 1, RequirePackage: 1, documentclass: 1, pagestyle: 1, thispagestyle: 1, setlength: 2,
  addtolength: 2, setcounter: 2, addtocounter: 2, color: 1, textcolor: 1, colorbox: 1, fcolorbox: 2,
  definecolor: 3, hypersetup: 1, author: 1, date: 1, affiliation: 1, affil: 1, address: 1, email: 1,
  thanks: 1, institute: 1, keywords: 1, graphicspath: 1, captionsetup: 1, newenvironment: 3,
  renewenvironment: 3, setcitestyle: 1, bibitem: 1, fontsize: 2, linespread: 1, newtheorem: 2, crefname: 3,
  Crefname: 3, newcounter: 1, newlength: 1, settowidth: 2, raisebox: 1, rule: 2, resizebox: 2, scalebox: 1,
  hyphenation: 1, pdfinfo: 1, orcid: 1, aclpaperid: 1, icmltitlerunning: 1, runningtitle: 1, shorttitle: 1,
  setuptodonotes: 1, DeclareMathOperator: 2, let: 2, includeonly: 1, externaldocument: 1, tikzset: 1,
  pgfplotsset: 1, lstset: 1, sisetup: 1, geometry: 1, titleformat: 5, titlespacing: 4, DeclareMathAlphabet: 5,
  SetMathAlphabet: 6, DeclareMathSymbol: 4, DeclareSymbolFont: 5, DeclareFontFamily: 3, DeclareFontShape: 6,
  newcolumntype: 2, setcopyright: 1, copyrightyear: 1, acmYear: 1, acmDOI: 1, acmISBN: 1,
  acmConference: 3, acmBooktitle: 1, acmPrice: 1, ccsdesc: 1, received: 1,
};
/** Commands whose argument is prose set apart from the surrounding sentence. */
export const ASIDE = new Set(['footnote', 'footnotetext', 'marginpar', 'sidenote']);
/** URL-like arguments: `%` and `#` are literal. */
export const URL_ARGS = new Set(['url', 'href']);

/** Letter commands that stand for a character or a space. */
export const SYMBOLS: Record<string, string> = {
  ss: 'ß', i: 'ı', j: 'ȷ', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', l: 'ł',
  L: 'Ł', ldots: '…', dots: '…', textellipsis: '…', LaTeX: 'LaTeX', TeX: 'TeX', LaTeXe: 'LaTeX2e',
  BibTeX: 'BibTeX', textendash: '–', textemdash: '—', textquoteright: '’', textquoteleft: '‘',
  textquotedblleft: '“', textquotedblright: '”', S: '§', P: '¶', copyright: '©', textcopyright: '©',
  texttrademark: '™', textregistered: '®', textasciitilde: '~', textbackslash: '\\', textbar: '|',
  textless: '<', textgreater: '>', euro: '€', EUR: '€', pounds: '£', textdegree: '°', textbullet: '•',
  dag: '†', ddag: '‡', textunderscore: '_', textasciicircum: '^', quad: ' ', qquad: ' ', enspace: ' ',
  item: ' ', newline: ' ', linebreak: ' ', space: ' ', and: ' ', AND: ' ', And: ' ', times: '×',
};

/** Accent commands -> combining character. */
export const ACCENTS: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331',
};

/** `\input{file}`-style includes (one argument) and `\import{dir}{file}`-style ones (two). */
export const INCLUDE_1 = new Set(['input', 'include', 'subfile', 'InputIfFileExists']);
export const INCLUDE_2 = new Set(['import', 'subimport', 'inputfrom', 'includefrom', 'subinputfrom', 'subincludefrom']);
/** `\bibliography{a,b}` takes a list of names; the biblatex commands one file each. */
export const BIB_LIST = new Set(['bibliography', 'nobibliography']);
export const BIB_RESOURCE = new Set(['addbibresource', 'addglobalbib', 'addsectionbib']);
/** Macro definitions: zero-argument ones are expanded in the text (see LatexScanOptions.macros). */
export const NEWCOMMAND = new Set(['newcommand', 'renewcommand', 'providecommand', 'DeclareRobustCommand']);
export const DEF = new Set(['def', 'gdef', 'edef', 'xdef']);
export const NEWDOCCMD = new Set(['NewDocumentCommand', 'RenewDocumentCommand', 'ProvideDocumentCommand', 'DeclareDocumentCommand']);
