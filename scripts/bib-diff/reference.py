#!/usr/bin/python3
"""The reference reading of .bib files for scripts/bib-diff.mjs: pybtex 0.24 (Debian's
python3-pybtex) for keys, titles and first authors' family names, LaTeX decoded with pybtex's
richtext and latexcodec; bibtexparser 1.1 (python3-bibtexparser) for a second count of entries.
One JSON line per file: {"file", "encoding", "pybtex": {key: {"title", "family"}}, "bibtexparser": [keys],
"errors": [...]}.

  /usr/bin/python3 scripts/bib-diff/reference.py FILE [--encoding latin-1] ...
"""
import codecs
import json
import sys

import bibtexparser
import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import pybtex.errors
from pybtex.database import parse_string
from pybtex.richtext import Text

pybtex.errors.set_strict_mode(False)


def decode(latex):
    try:
        text = Text.from_latex(latex).render_as('text')
    except Exception:  # pybtex's LaTeX reader rejects some values: fall back to the codec alone
        text = latex
    try:
        return codecs.decode(text, 'ulatex')
    except Exception:
        return text


def read(path, encoding):
    with open(path, 'rb') as f:
        raw = f.read()
    text = raw.decode(encoding, errors='replace')
    out = {'file': path, 'encoding': encoding, 'pybtex': {}, 'bibtexparser': [], 'errors': []}
    try:
        db = parse_string(text, 'bibtex')
        for key, entry in db.entries.items():
            persons = entry.persons.get('author') or []
            family = ''
            if persons:
                p = persons[0]
                family = decode(' '.join(p.last_names))
            title = decode(entry.fields.get('title', ''))
            subtitle = decode(entry.fields.get('subtitle', ''))
            if subtitle:  # BibLaTeX: shown as "Title: Subtitle", as the record holds it
                title = f'{title}: {subtitle}' if title else subtitle
            out['pybtex'][key] = {'title': title, 'family': family}
    except Exception as e:  # pybtex stops at some syntax errors even when not strict
        out['errors'].append(f'pybtex: {e}')
    try:
        parser = bibtexparser.bparser.BibTexParser(common_strings=True, ignore_nonstandard_types=False)
        out['bibtexparser'] = [e['ID'] for e in bibtexparser.loads(text, parser=parser).entries]
    except Exception as e:
        out['errors'].append(f'bibtexparser: {e}')
    return out


args = sys.argv[1:]
encoding = 'utf-8'
files = []
i = 0
while i < len(args):
    if args[i] == '--encoding':
        encoding = args[i + 1]
        i += 2
    else:
        files.append(args[i])
        i += 1
for path in files:
    print(json.dumps(read(path, encoding), ensure_ascii=False))
