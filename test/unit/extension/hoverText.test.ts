import * as assert from 'node:assert/strict';
import { brokenEntryMarkdown, codeSpan, paperMarkdown, paperMarkdownParts, unknownKeyMarkdown } from '../../../src/extension/editor/hoverText';
import { paper } from '../helpers';

describe('paperMarkdown', () => {
  const record = paper('p', 'Less *is* more: [Sparse] <Mixture>_of_Experts', {
    authors: ['Ada Lovelace', 'Alan Turing'],
    year: 2024,
    venue: 'Proc. of ICML',
    abstract: 'We study things. '.repeat(60),
    doi: '10.1/abc(1)',
    arxiv: '2401.00001',
  });

  it('starts with the escaped title in bold', () => {
    const md = paperMarkdown(record);
    assert.equal(md.split('\n')[0], '**Less \\*is\\* more\\: \\[Sparse\\] \\<Mixture\\>\\_of\\_Experts**');
  });
  it('has authors, year, venue, a short abstract and links', () => {
    const md = paperMarkdown(record);
    const blocks = md.split('\n\n');
    assert.equal(blocks[1], 'Ada Lovelace, Alan Turing · 2024 · *Proc\\. of ICML*');
    assert.ok(blocks[2]!.length < 480 && blocks[2]!.endsWith('…'));
    assert.equal(blocks[3], '[DOI](https://doi.org/10.1/abc%281%29) · [arXiv](https://arxiv.org/abs/2401.00001)');
  });
  it('adds the source link last', () => {
    const md = paperMarkdown(record, { source: { label: 'refs.bib:3', target: 'command:vscode.open?x' } });
    assert.ok(md.endsWith(' · [refs\\.bib\\:3](command:vscode.open?x)'), md);
  });
  it('leaves out what the record lacks', () => {
    assert.equal(paperMarkdown(paper('q', 'Title')), '**Title**');
  });
});

describe('paperMarkdownParts', () => {
  it('splits header, abstract and links (the hover rows)', () => {
    const parts = paperMarkdownParts(paper('p', 'T', { authors: ['A B'], year: 2020, abstract: 'Abs.', url: 'https://x.org' }));
    assert.deepEqual(parts, { header: '**T**\n\nA B · 2020', abstract: 'Abs\\.', links: '[URL](https://x.org)' });
    assert.deepEqual(paperMarkdownParts(paper('q', 'T')), { header: '**T**' });
  });
});

describe('codeSpan', () => {
  it('fences keys with backticks safely', () => {
    assert.equal(codeSpan('abc'), '`abc`');
    assert.equal(codeSpan('a`b'), '`` a`b ``');
  });
});

describe('unknownKeyMarkdown', () => {
  it('says the key is unknown and lists the suggestions', () => {
    const md = unknownKeyMarkdown('nobody2020', [
      paper('a', 'LoRA', { authors: ['Edward Hu'], year: 2021, inBibliography: true, key: 'hu2021lora' }),
      paper('b', 'Other_paper'),
    ]);
    assert.equal(
      md,
      '`nobody2020` is not in your bibliography.\n\nPapers that match this paragraph:\n\n1. LoRA — Hu, 2021 `hu2021lora`\n2. Other\\_paper',
    );
  });
  it('says when the library is still loading', () => {
    assert.match(unknownKeyMarkdown('k', [], 'loading'), /still loading/);
  });
  it('with a link maker: each paper gets a link citing it instead, its title still escaped', () => {
    const md = unknownKeyMarkdown('k', [paper('p1', 'A [title](command:evil)')], 'ready', (r) => `command:_use?${encodeURIComponent(JSON.stringify([r.id]))}`);
    assert.match(md, /^1\. A \\\[title\\\]\\\(command\\:evil\\\) — \[cite this instead\]\(command:_use\?%5B%22p1%22%5D\)$/m);
  });
});

describe('brokenEntryMarkdown', () => {
  it('says where the entry is and why it does not parse, the message as text', () => {
    const md = brokenEntryMarkdown('b2020', { label: 'refs.bib:10', target: 'command:vscode.open?x' }, 'unbalanced braces in entry "b2020" <img src=x>');
    assert.equal(
      md,
      '`b2020`: its entry in [refs\\.bib\\:10](command:vscode.open?x) does not parse: unbalanced braces in entry \\"b2020\\" \\<img src\\=x\\>. Fix it there and the key works again.',
    );
  });
});
