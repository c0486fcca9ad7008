import { strict as assert } from 'node:assert';
import { Engine } from '../../src/core/engine';
import { scanDraft } from '../../src/core/draft/scan';
import { PaperIndex } from '../../src/core/index/paperIndex';
import { rankParagraph, rankText } from '../../src/core/rank/rank';
import { paper } from './helpers';

const BIB = [
  paper('vaswani2017', 'Attention Is All You Need', { key: 'vaswani2017', inBibliography: true, abstract: 'The Transformer, a model architecture relying entirely on attention.' }),
  paper('hu2021lora', 'LoRA: Low-Rank Adaptation of Large Language Models', { key: 'hu2021lora', inBibliography: true, abstract: 'Freezes the pretrained weights and injects trainable rank decomposition matrices.' }),
  paper('lewis2020rag', 'Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks', { key: 'lewis2020rag', inBibliography: true, abstract: 'Combines a retriever with a generator for open-domain question answering.' }),
];
const CORPUS = [
  paper('P1', 'Parameter-Efficient Transfer Learning with Adapters', { abstract: 'Adapter modules add few trainable parameters per task.' }),
  paper('P2', 'Dense Passage Retrieval for Open-Domain Question Answering', { key: 'karpukhin2020dense', abstract: 'Dense representations of passages for retrieval in question answering.' }),
  paper('P3', 'Byte Pair Encoding of Rare Words', { abstract: 'Subword units for open-vocabulary translation.' }),
];

const TEX = String.raw`\title{Cheap Fine-Tuning of Retrieval Models}
\begin{document}
\section{Introduction}
Retrieval-augmented generation answers open-domain questions with a retriever \cite{lewis2020rag}.

\section{Method}
We fine-tune with low-rank adaptation: the pretrained weights stay frozen and trainable rank
decomposition matrices are injected, so few parameters are trained.

Dense passage retrieval for question answering.
\end{document}
`;

describe('Engine', () => {
  const index = PaperIndex.build([...BIB, ...CORPUS]);
  const engine = new Engine(index);
  const at = (needle: string) => TEX.indexOf(needle);

  describe('suggest', () => {
    it('a paragraph at an offset: found by the engine, with its section, ranked as rankParagraph ranks it', () => {
      const answer = engine.suggest({ draft: { text: TEX, format: 'latex' }, scope: { kind: 'paragraph', offset: at('rank\ndecomposition') }, limit: 5 });
      assert.equal(answer.suggestions[0]?.record.id, 'hu2021lora');
      assert.equal(answer.paragraph?.section, 'Method');
      assert.equal(TEX.slice(answer.paragraph!.start, answer.paragraph!.start + 12), 'We fine-tune');
      const draft = scanDraft(TEX, 'latex');
      const paragraph = draft.paragraphs.find((p) => p.text.startsWith('We fine-tune'))!;
      const direct = rankParagraph(index, draft, paragraph, { limit: 5 });
      assert.deepEqual(answer.suggestions.map((s) => [s.record.id, s.score]), direct.map((s) => [s.record.id, s.score]));
    });

    it('flags what the draft cites elsewhere, and what its companion files cite', () => {
      const ask = (companions?: { text: string; format: 'latex' }[]) =>
        engine.suggest({ draft: { text: TEX, format: 'latex', companions }, scope: { kind: 'paragraph', offset: at('Dense passage') }, limit: 10 });
      const rag = ask().suggestions.find((s) => s.record.id === 'lewis2020rag');
      assert.equal(rag?.alreadyCited, true);
      const companion = { text: 'Dense retrievers answer questions \\cite{karpukhin2020dense}.', format: 'latex' as const };
      assert.equal(ask().suggestions.find((s) => s.record.id === 'P2')?.alreadyCited, false);
      assert.equal(ask([companion]).suggestions.find((s) => s.record.id === 'P2')?.alreadyCited, true);
    });

    it('outside prose: the draft’s title alone, or a hint that says what is wanted (an unknown key’s words)', () => {
      const preamble = { draft: { text: TEX, format: 'latex' as const }, scope: { kind: 'paragraph' as const, offset: at('\\begin{document}') + 3 } };
      const bare = engine.suggest(preamble);
      assert.equal(bare.paragraph, undefined);
      assert.ok(bare.suggestions.length > 0 && bare.suggestions.every((s) => s.matchedTerms.some((t) => /^(cheap|fine|tuning|retrieval|models?)$/i.test(t))), 'matched on the title words');
      const hinted = engine.suggest({ ...preamble, hint: 'vaswani attention' });
      assert.equal(hinted.suggestions[0]?.record.id, 'vaswani2017');
      const untitled = engine.suggest({ draft: { text: 'Plain prose.\n\n', format: 'text' }, scope: { kind: 'paragraph', offset: 14 } });
      assert.deepEqual(untitled.suggestions, [], 'no paragraph, no title, no hint: nothing to rank');
    });

    it('a selection: its plain text, the markup read away', () => {
      const start = at('Dense passage');
      const answer = engine.suggest({ draft: { text: TEX, format: 'latex' }, scope: { kind: 'selection', ranges: [[start, start + 'Dense passage retrieval'.length]] } });
      assert.equal(answer.suggestions[0]?.record.id, 'P2');
      assert.equal(answer.paragraph, undefined);
    });

    it('the whole draft: every passage ranked, each one’s best paper near the top', () => {
      const ids = engine.suggest({ draft: { text: TEX, format: 'latex' }, scope: { kind: 'draft' }, limit: 5 }).suggestions.map((s) => s.record.id);
      for (const id of ['lewis2020rag', 'hu2021lora', 'P2']) assert.ok(ids.includes(id), ids.join(', '));
    });
  });

  describe('search', () => {
    it('reads LaTeX or Markdown queries as prose first', () => {
      const plain = engine.search({ query: 'dense passage retrieval', limit: 3 });
      const latex = engine.search({ query: '\\emph{dense} passage retrieval \\cite{x}', format: 'latex', limit: 3 });
      assert.deepEqual(latex.map((s) => s.record.id), plain.map((s) => s.record.id));
      assert.deepEqual(plain.map((s) => s.score), rankText(index, 'dense passage retrieval', { limit: 3 }).map((s) => s.score));
    });
  });

  describe('bibliography', () => {
    it('the entries the paragraph matches first, then the rest in title order; only the bibliography', () => {
      const ranked = engine.bibliography({ ranking: { draft: { text: TEX, format: 'latex' }, scope: { kind: 'paragraph', offset: at('rank\ndecomposition') } } });
      assert.equal(ranked[0]?.id, 'hu2021lora');
      assert.deepEqual(ranked.map((r) => r.id).sort(), ['hu2021lora', 'lewis2020rag', 'vaswani2017']);
      assert.deepEqual(engine.bibliography({}).map((r) => r.id), ['vaswani2017', 'hu2021lora', 'lewis2020rag']);
    });
    it('reads the words beside the cursor: the entry they name comes first, wherever the paragraph says more of another', () => {
      const entry = (key: string, title: string) => paper(key, title, { key, inBibliography: true });
      const bib = new Engine(
        PaperIndex.build([
          entry('gru', 'Gated recurrent units for sequence modelling'),
          entry('momentum', 'Stochastic optimization with momentum'),
          ...['parsing', 'tagging', 'translation', 'summarisation', 'retrieval', 'speech'].map((w, i) => entry(`other${i}`, `Neural ${w} benchmarks`)),
        ]),
      );
      const tex = 'Two layers of gated recurrent units \\cite{} were then trained for many epochs on the data by stochastic optimization with momentum \\cite{} and stochastic restarts.';
      const ranked = (offset: number) =>
        bib.bibliography({ ranking: { draft: { text: tex, format: 'latex' }, scope: { kind: 'paragraph', offset, cursor } } }).map((r) => r.id);
      let cursor = true;
      assert.equal(ranked(tex.indexOf('{}') + 1)[0], 'gru');
      assert.equal(ranked(tex.lastIndexOf('{}') + 1)[0], 'momentum');
      cursor = false; // the offset only picks the paragraph: the paragraph as a whole says more of momentum
      assert.equal(ranked(tex.indexOf('{}') + 1)[0], 'momentum');
    });
  });

  describe('lookup', () => {
    it('by key (the bibliography’s over a corpus bibkey), then by id; null when unknown; sees updates', () => {
      const shared = PaperIndex.build([paper('corpus-1', 'A Corpus Paper About Something', { key: 'k' }), paper('bib-1', 'My Own Entry On Another Topic', { key: 'k', inBibliography: true })]);
      const e = new Engine(shared);
      assert.deepEqual(e.lookup({ keys: ['k', 'corpus-1', 'nope'] }).map((r) => r?.id ?? null), ['bib-1', 'corpus-1', null]);
      shared.update([...shared.records(), paper('new', 'Added Later To The Index', { key: 'later' })]);
      assert.equal(e.lookup({ keys: ['later'] })[0]?.id, 'new');
    });
  });

  describe('suggest and short titles', () => {
    it("marks a corpus paper the .bib holds under the same short title as the bibliography's (no Add on its card)", () => {
      const short = PaperIndex.build([
        paper('mat', 'Matryoshka Multimodal Models', { key: 'cai2024matryoshka', inBibliography: true, year: 2024 }),
        paper('hf:mat', 'Matryoshka multimodal models!', { abstract: 'Nested visual tokens for multimodal models.' }),
        paper('hf:other', 'Multimodal Models Elsewhere', { abstract: 'Other multimodal models.' }),
      ]);
      const text = 'Matryoshka multimodal models nest visual tokens.';
      const answer = new Engine(short).suggest({ draft: { text, format: 'text' }, scope: { kind: 'paragraph', offset: 0 }, limit: 5 });
      const byId = new Map(answer.suggestions.map((s) => [s.record.id, s]));
      assert.equal(byId.get('hf:mat')?.inBibliography, true);
      assert.equal(byId.get('hf:other')?.inBibliography, false);
    });
  });

  describe('papersToCite', () => {
    it("offers the paragraph's papers outside the bibliography, under the key a new entry would get", () => {
      const ranking = { draft: { text: TEX, format: 'latex' as const }, scope: { kind: 'paragraph' as const, offset: at('Dense passage') } };
      const offered = engine.papersToCite({ ranking, limit: 5 });
      assert.ok(offered.length > 0);
      assert.ok(offered.every((o) => !o.record.inBibliography), 'no bibliography paper');
      assert.deepEqual(offered[0], { record: CORPUS[1], key: 'karpukhin2020dense' });
      assert.ok(offered.length <= 5);
      assert.deepEqual(engine.papersToCite({ ranking, limit: 1 }).length, 1);
    });
  });

  describe('citeEdit and planEntry', () => {
    it('cites into the citation group at the cursor, found by scanning the draft it is given', () => {
      const offset = at('{lewis2020rag}') + 3;
      const result = engine.citeEdit({ draft: { text: TEX, format: 'latex' }, offset, key: 'hu2021lora' });
      assert.equal(result.kind, 'edit');
      if (result.kind !== 'edit') return;
      const after = TEX.slice(0, result.edit.start) + result.edit.text + TEX.slice(result.edit.end);
      assert.ok(after.includes('\\cite{lewis2020rag, hu2021lora}'), after);
      assert.equal(engine.citeEdit({ draft: { text: TEX, format: 'latex' }, offset, key: 'lewis2020rag' }).kind, 'already-cited');
    });

    it("plans against the index's bibliography: a corpus paper is new, a bibliography paper held", () => {
      assert.equal(engine.planEntry({ record: CORPUS[1] }).kind, 'new');
      assert.equal(engine.planEntry({ record: { ...BIB[0], id: 'copy', inBibliography: false, key: undefined } }).kind, 'held');
    });
  });
});
