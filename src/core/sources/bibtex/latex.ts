// LaTeX in a field value -> the text a reader sees, by one small TeX-like reader for every field
// (titles, names, venues, abstracts). It follows what TeX would print where that is plain text:
// groups vanish, accents compose, text and maths symbols become Unicode, wrappers (\emph, \mbox,
// \mathrm, \foreignlanguage{..}{text}) keep their text, sort keys (\noopsort) and spacing commands
// (\kern1pt, \relax) vanish with their name. Symbol tables: citation-js's (text symbols, Greek,
// accents), completed with the maths and logos below.
import { commands as TEXT_SYMBOLS, diacritics as ACCENTS, mathCommands as GREEK, mathScripts } from '@citation-js/plugin-bibtex/lib/input/constants.js';

/** Maths symbols and operators, logos, and the text commands the citation-js tables lack (\aa) or map otherwise (\SS). */
const SYMBOLS: Record<string, string> = {
  pm: '±', mp: '∓', times: '×', div: '÷', cdot: '·', cdots: '⋯', ldots: '…', dots: '…', dotsc: '…', vdots: '⋮', ddots: '⋱',
  leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '∼', simeq: '≃', cong: '≅', equiv: '≡',
  propto: '∝', ll: '≪', gg: '≫', prec: '≺', succ: '≻', preceq: '⪯', succeq: '⪰', leqslant: '⩽', geqslant: '⩾',
  circ: '∘', bullet: '•', star: '⋆', ast: '∗', oplus: '⊕', otimes: '⊗', odot: '⊙', ominus: '⊖', wedge: '∧', land: '∧',
  vee: '∨', lor: '∨', neg: '¬', lnot: '¬', cap: '∩', cup: '∪', setminus: '∖', subset: '⊂', supset: '⊃', subseteq: '⊆',
  supseteq: '⊇', in: '∈', notin: '∉', ni: '∋', emptyset: '∅', varnothing: '∅', forall: '∀', exists: '∃', nexists: '∄',
  infty: '∞', partial: '∂', nabla: '∇', sum: '∑', prod: '∏', coprod: '∐', int: '∫', oint: '∮', sqrt: '√', surd: '√',
  langle: '⟨', rangle: '⟩', lceil: '⌈', rceil: '⌉', lfloor: '⌊', rfloor: '⌋', lbrace: '{', rbrace: '}', vert: '|',
  mid: '∣', Vert: '‖', parallel: '∥', perp: '⊥', top: '⊤', bot: '⊥', vdash: '⊢', models: '⊨', angle: '∠',
  to: '→', rightarrow: '→', leftarrow: '←', gets: '←', leftrightarrow: '↔', Rightarrow: '⇒', Leftarrow: '⇐',
  Leftrightarrow: '⇔', implies: '⟹', iff: '⟺', mapsto: '↦', longrightarrow: '⟶', longleftarrow: '⟵', uparrow: '↑',
  downarrow: '↓', hookrightarrow: '↪', ell: 'ℓ', hbar: 'ℏ', aleph: 'ℵ', Re: 'ℜ', Im: 'ℑ', wp: '℘', prime: '′',
  degree: '°', dagger: '†', ddagger: '‡', S: '§', P: '¶', pounds: '£', euro: '€', checkmark: '✓',
  triangle: '△', Box: '□', square: '□', diamond: '⋄', lozenge: '◊', clubsuit: '♣', heartsuit: '♡', spadesuit: '♠',
  varkappa: 'ϰ', digamma: 'ϝ', colon: ':',
  aa: 'å', AA: 'Å', SS: 'SS', slash: '/', Dash: ' — ', PS: 'PostScript', TUB: 'TUGboat',
  // Dashes by name: Beebe's bibliographies (`\emdash{}`) and biblatex (`\hyphen`).
  emdash: '—', endash: '–', hyphen: '-',
  // Logos print their name.
  TeX: 'TeX', LaTeX: 'LaTeX', LaTeXe: 'LaTeX2e', BibTeX: 'BibTeX', BibLaTeX: 'BibLaTeX', XeTeX: 'XeTeX', XeLaTeX: 'XeLaTeX',
  LuaTeX: 'LuaTeX', LuaLaTeX: 'LuaLaTeX', pdfTeX: 'pdfTeX', pdfLaTeX: 'pdfLaTeX', eTeX: 'e-TeX', ConTeXt: 'ConTeXt',
  AmSTeX: 'AmS-TeX', AmS: 'AmS', AMS: 'AMS', AmSLaTeX: 'AmS-LaTeX', METAFONT: 'METAFONT', MF: 'METAFONT', MP: 'METAPOST',
  METAPOST: 'METAPOST', PiCTeX: 'PiCTeX', SliTeX: 'SliTeX', MiKTeX: 'MiKTeX', TeXLive: 'TeX Live', ExTeX: 'ExTeX', LyX: 'LyX',
  // Maths operators print their name.
  log: 'log', ln: 'ln', lg: 'lg', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', cot: 'cot', sec: 'sec', csc: 'csc',
  arcsin: 'arcsin', arccos: 'arccos', arctan: 'arctan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', max: 'max', min: 'min',
  sup: 'sup', inf: 'inf', lim: 'lim', limsup: 'lim sup', liminf: 'lim inf', arg: 'arg', argmax: 'argmax', argmin: 'argmin',
  det: 'det', dim: 'dim', ker: 'ker', deg: 'deg', gcd: 'gcd', hom: 'hom', Pr: 'Pr', mod: 'mod', bmod: 'mod', pmod: 'mod',
};

/** Commands whose arguments are not text: the command vanishes with them. */
const DROP_ARGS: Record<string, number> = {
  noopsort: 1, SortNoop: 1, sortnoop: 1, NOOPSORT: 1, printfirst: 1, vspace: 1, label: 1, index: 1,
  phantom: 1, hphantom: 1, vphantom: 1, cite: 1, citep: 1, citet: 1, ref: 1, eqref: 1, pageref: 1, footnote: 1,
  color: 1, bibitem: 1, setlength: 2, addtolength: 2, rule: 2, raisebox: 1, selectlanguage: 1, begin: 1, end: 1,
};
/** Commands whose last of `n` arguments is the text (the others: a language, a URL, a colour). */
const LAST_ARG: Record<string, number> = {
  foreignlanguage: 2, href: 2, textcolor: 2, colorbox: 2, texorpdfstring: 2, hyperref: 1, ifthenelse: 3, mkbibnamefamily: 1,
};
/** Spacing commands followed by a dimension (`\kern1pt`, `\hskip 2em plus 1fil`; TeX eats one blank after it). */
const DIMENSIONED = new Set(['kern', 'mkern', 'hskip', 'vskip', 'mskip', 'hspace', 'lower', 'raise', 'moveleft', 'moveright']);
const DIMENSION = /\s*=?\s*[-+]?\s*(?:\d+(?:[.,]\d*)?|[.,]\d+)\s*(?:pt|em|ex|mm|cm|in|mu|bp|sp|pc|dd|cc|true\s*pt)(?:\s+(?:plus|minus)\s+[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)\s*(?:fill?l?|pt|em|ex|mm|cm|in|mu))*[ \t]?/y;
/** Spacing / kerning control symbols: `\,` `\;` print a (thin) space, `\-` `\/` `\@` nothing. */
const CONTROL_SYMBOLS: Record<string, string> = {
  ' ': ' ', '\\': ' ', ',': ' ', ';': ' ', ':': ' ', '>': ' ', '!': '', '-': '', '/': '', '@': '',
  '&': '&', '%': '%', $: '$', '#': '#', _: '_', '{': '{', '}': '}', '|': '‖', '[': '', ']': '',
};
/** An accent on an empty group (`\'{}`, `\={}`) prints the accent alone, as TeX does. */
const SPACING_ACCENTS: Record<string, string> = {
  "'": '´', '`': '`', '^': '^', '~': '~', '"': '¨', '=': '¯', '.': '˙', u: '˘', v: 'ˇ', H: '˝', c: '¸', k: '˛', r: '˚',
};
/** The accent commands of maths mode (`\hat{x}`), as their text-mode letters. */
const MATH_ACCENTS: Record<string, string> = {
  hat: '^', widehat: '^', tilde: '~', widetilde: '~', bar: '=', overline: '=', dot: '.', ddot: '"', acute: "'",
  grave: '`', breve: 'u', check: 'v', vec: '', mathring: 'r',
};

/** Where plain text stops: any character the reader treats specially, in text or maths. */
const PLAIN_RUN = /[{}$\\^_~`'-]/g;

const isLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * A field value's LaTeX as plain text, white space not yet collapsed.
 * @example latexToText('{{\\LaTeX} course book}') // 'LaTeX course book'
 * @example latexToText('3$\\times$3 M{\\aa}rtensson') // '3×3 Mårtensson'
 */
export function latexToText(raw: string): string {
  return new Reader(raw).group(false, false).normalize('NFC').replace(/([ıȷ])(?=[\u0300-\u036f])/g, (d) => (d === 'ı' ? 'i' : 'j')).normalize('NFC');
}

class Reader {
  private pos = 0;

  constructor(private readonly s: string) {}

  /** Text up to the end, or to the `}` closing this group when `inGroup` (consumed). */
  group(inGroup: boolean, math: boolean): string {
    const { s } = this;
    let out = '';
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === '}') {
        this.pos++;
        if (inGroup) return out;
        continue; // a stray "}"
      }
      if (c === '{') {
        this.pos++;
        out += this.group(true, math);
      } else if (c === '$') {
        this.pos++;
        if (math) return out; // the closing "$" of a maths group read by `math()`
        out += this.math();
      } else if (c === '\\') {
        if (math && (s[this.pos + 1] === ')' || s[this.pos + 1] === ']')) {
          this.pos += 2;
          return out; // the end of \( ... \) or \[ ... \]
        }
        out += this.command(math, out !== '' && isBlank(out[out.length - 1]));
      } else if (math && (c === '^' || c === '_')) {
        this.pos++;
        out += this.script(c);
      } else if (c === '~') {
        this.pos++;
        out += ' ';
      } else if (!math && c === '-' && s[this.pos + 1] === '-') {
        const em = s[this.pos + 2] === '-';
        this.pos += em ? 3 : 2;
        out += em ? '—' : '–';
      } else if (!math && (c === '`' || c === "'") && s[this.pos + 1] === c) {
        this.pos += 2;
        out += c === '`' ? '“' : '”';
      } else {
        // A run of plain text at once: most of a value is.
        PLAIN_RUN.lastIndex = this.pos + 1;
        const end = PLAIN_RUN.exec(s)?.index ?? s.length;
        out += s.slice(this.pos, end);
        this.pos = end;
      }
    }
    return out;
  }

  /** `$...$` (or `$$...$$`): the `$` already read. */
  private math(): string {
    if (this.s[this.pos] === '$') this.pos++;
    const out = this.group(false, true);
    if (this.s[this.pos] === '$') this.pos++;
    return out;
  }

  /** A superscript or subscript: Unicode when every character has one, else the plain text. */
  private script(kind: '^' | '_'): string {
    const text = this.argument(true);
    const table = mathScripts[kind];
    const mapped = [...text].map((ch) => table[ch]);
    return mapped.every((m) => m !== undefined) ? mapped.join('') : text;
  }

  /** A command and its arguments; `spaced`: the text before it (in its group) ends with a blank. */
  private command(math: boolean, spaced = false): string {
    const { s } = this;
    this.pos++; // the backslash
    const first = s[this.pos];
    if (first === undefined) return '';
    if (!isLetter(first)) {
      this.pos++;
      if (Object.hasOwn(ACCENTS, first)) return this.accent(first, math);
      if (first === '(' || first === '[') return this.group(false, true); // \( ... \) and \[ ... \]: maths
      if (first === ')' || first === ']') return ''; // a closing delimiter without its opening
      return CONTROL_SYMBOLS[first] ?? first;
    }
    const start = this.pos;
    while (isLetter(s[this.pos])) this.pos++;
    const name = s.slice(start, this.pos);
    if (s[this.pos] === '*') this.pos++; // \hspace*, \section*
    // TeX ends a control word at the first non-letter and skips the blanks after it.
    const blankAfter = isBlank(s[this.pos]);
    while (isBlank(s[this.pos])) this.pos++;

    if (Object.hasOwn(ACCENTS, name)) return this.accent(name, math);
    if (Object.hasOwn(MATH_ACCENTS, name)) return this.accent(MATH_ACCENTS[name]!, math);
    if (DIMENSIONED.has(name)) {
      if (s[this.pos] === '{') this.argument(math);
      else this.dimension();
      return blankAfter ? ' ' : '';
    }
    if (Object.hasOwn(DROP_ARGS, name)) {
      this.optionalArguments();
      for (let n = DROP_ARGS[name]!; n > 0 && this.nextIsGroup(); n--) this.argument(math);
      return '';
    }
    if (Object.hasOwn(LAST_ARG, name)) {
      this.optionalArguments();
      let text = '';
      for (let n = LAST_ARG[name]!; n > 0 && this.nextIsGroup(); n--) text = this.argument(math);
      return text;
    }
    const symbol = SYMBOLS[name] ?? TEXT_SYMBOLS[name] ?? GREEK[name];
    if (typeof symbol === 'string') {
      if (name === 'sqrt') {
        this.optionalArguments();
        return symbol + (this.nextIsGroup() ? this.argument(math) : '');
      }
      // As in TeX, the blank after a command that makes one character (\ss, \o, \textendash) only
      // ends the command's name. A word (\LaTeX, \log) keeps it, though TeX would not: readers
      // write `\TeX users` meaning two words. In maths, a symbol written between blanks keeps
      // them (`a \leq b`, but `f\circ g`).
      const single = [...symbol].length === 1;
      const keepBlank = blankAfter && (!single || (math && spaced));
      return symbol + (keepBlank ? ' ' : '');
    }
    // A command named in capitals (\PS, \VAX, \DVI, \SGML: the logo and acronym macros of TUGboat
    // and many journals) prints its name.
    if (/^[A-Z]{2,}$/.test(name)) return name + (blankAfter ? ' ' : '');
    // Anything else (\emph, \textbf, \mbox, \mathrm, \acro, \url, \relax, \protect, {\em ...}, and
    // commands we do not know): the name vanishes, optional arguments with it; the braced argument
    // that follows, if any, is read as a group: its text stays.
    const hadOptional = this.optionalArguments();
    if (this.nextIsGroup()) return this.argument(math);
    return blankAfter && !hadOptional ? ' ' : '';
  }

  /** `\'e`, `\'{e}`, `\"{\i}`, `\c c`: the argument with the combining accent on its first letter. */
  private accent(name: string, math: boolean): string {
    const mark = ACCENTS[name];
    let p = this.pos;
    while (isBlank(this.s[p])) p++;
    // No argument at all (`d{\'}Aspremont`): an apostrophe, which is what the author meant.
    if (name === "'" && (p >= this.s.length || this.s[p] === '}')) return "'";
    const arg = this.argument(math);
    if (arg === '') return SPACING_ACCENTS[name] ?? '';
    if (!mark) return arg;
    const chars = [...arg];
    return chars[0] + mark + chars.slice(1).join('');
  }

  /** One argument: a `{group}`, a command, or one character; blanks before it skipped. */
  private argument(math: boolean): string {
    const { s } = this;
    while (isBlank(s[this.pos])) this.pos++;
    const c = s[this.pos];
    if (c === undefined) return '';
    if (c === '{') {
      this.pos++;
      return this.group(true, math);
    }
    if (c === '\\') return this.command(math).trimEnd();
    if (c === '}' || c === '$') return '';
    this.pos++;
    return c;
  }

  private nextIsGroup(): boolean {
    let p = this.pos;
    while (isBlank(this.s[p])) p++;
    if (this.s[p] !== '{') return false;
    this.pos = p;
    return true;
  }

  /** Skips `[...]` arguments (one level of nesting); true when there was one. */
  private optionalArguments(): boolean {
    const { s } = this;
    let any = false;
    for (;;) {
      let p = this.pos;
      while (isBlank(s[p])) p++;
      if (s[p] !== '[') return any;
      const close = s.indexOf(']', p);
      if (close < 0) return any;
      this.pos = close + 1;
      any = true;
    }
  }

  private dimension(): void {
    DIMENSION.lastIndex = this.pos;
    const m = DIMENSION.exec(this.s);
    if (m) this.pos += m[0].length;
  }
}
