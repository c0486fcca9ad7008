// Benchmark of the draft scanner: builds a realistic ~200 KB LaTeX draft (and a Markdown one)
// from the paper fixture, bundles src/core/draft/scan.ts with esbuild (as the extension and CLI
// ship it), and prints the median scan time, throughput and what was found, as JSON. It also
// times the completion context at the end of the text, and a worst case of unclosed constructs.
//
//   node scripts/bench-scan.mjs [--kb 200] [--runs 100]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT, bundleCore } from './bundle-core.mjs';

const { values: args } = parseArgs({ options: { kb: { type: 'string', default: '200' }, runs: { type: 'string', default: '100' } } });
const kb = Number(args.kb);
const runs = Number(args.runs);
const root = PROJECT_ROOT;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scan-'));

const outfile = path.join(dir, 'scan.cjs');
const { scanDraft, citationContextAt } = await bundleCore('src/core/draft/scan.ts', outfile);

const fixture = (f) => fs.readFileSync(path.join(root, 'test/fixtures/draft', f), 'utf8');
const body = [fixture('paper/sections/intro.tex'), fixture('paper/sections/related.tex')].join('\n\n');
const head = fixture('paper/main.tex').split('\\begin{document}')[0];

/** Repeats sections built from the fixture until the draft reaches `kb` kilobytes. */
function latexDraft() {
  const parts = [head, '\\begin{document}\n'];
  let size = 0;
  for (let n = 0; size < kb * 1024; n++) {
    const s = `\\section{Section ${n}}\\label{sec:${n}}\n${body.replace(/\{([a-z]+\d{4}[a-z]*)\}/g, `{$1-${n}}`)}\n\n`;
    parts.push(s);
    size += s.length;
  }
  parts.push('\\end{document}\n');
  return parts.join('');
}

function markdownDraft() {
  const md = fixture('paper.md');
  const [front, rest] = [md.slice(0, md.indexOf('# Summary')), md.slice(md.indexOf('# Summary'))];
  const parts = [front];
  for (let size = 0; size < kb * 1024; size += rest.length) parts.push(rest, '\n\n');
  return parts.join('');
}

function time(fn) {
  const ms = [];
  let result;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    result = fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: +ms[ms.length >> 1].toFixed(2), minMs: +ms[0].toFixed(2), result };
}

const report = {};
for (const [format, text] of [['latex', latexDraft()], ['markdown', markdownDraft()]]) {
  const cold = performance.now();
  scanDraft(text, format);
  const firstMs = +(performance.now() - cold).toFixed(2);
  for (let w = 0; w < 20; w++) scanDraft(text, format); // warm up (let the JIT settle)
  const { medianMs, minMs, result } = time(() => scanDraft(text, format));
  const ctx = time(() => citationContextAt(text + (format === 'latex' ? ' \\cite{ab' : ' [@ab'), text.length + (format === 'latex' ? 9 : 5), format));
  report[format] = {
    kb: +(text.length / 1024).toFixed(1),
    firstMs,
    medianMs,
    minMs,
    mbPerSec: +((text.length / 1024 / 1024) / (medianMs / 1000)).toFixed(1),
    paragraphs: result.paragraphs.length,
    sections: result.sections.length,
    citations: result.citations.length,
    contextAtEndMs: ctx.medianMs,
  };
}

// Worst cases: a paragraph of unclosed constructs (each must not rescan the rest).
const hostile = {
  latex: '\\cite[{ $ \\( { \\begin{x} \\section{ `` -- '.repeat(Math.ceil((kb * 1024) / 40)),
  markdown: '[@a ` $x [ ![ <a @{b '.repeat(Math.ceil((kb * 1024) / 22)),
};
for (const [format, text] of Object.entries(hostile)) {
  report[`${format}Hostile`] = { kb: +(text.length / 1024).toFixed(1), medianMs: time(() => scanDraft(text, format)).medianMs };
}

console.log(JSON.stringify(report, null, 2));
fs.rmSync(dir, { recursive: true, force: true });
