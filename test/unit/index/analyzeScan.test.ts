import { strict as assert } from 'node:assert';
import { analyze, processTerm, tokenize } from '../../../src/core/text/analyze';

/** What `analyze` is defined as: `tokenize`'s tokens (with their other forms), each through processTerm. */
const reference = (text: string) => tokenize(text).flatMap((t) => processTerm(t) ?? []);

describe('analyze (the index-build scanner)', () => {
  it('gives exactly the terms of tokenize + processTerm, in ASCII and beyond', () => {
    const texts = [
      '',
      'Attention Is All You Need: transformers, 2017 (v2) BERT-base/large x1 GPT4',
      "Müller's Ünïcödé façade — “quoted” naïve café 日本語のテキスト αβγ Ⅻ ½ ٣٤",
      'combining: Mu\u0308ller e\u0301te\u0301; astral: 𝐀𝐁𝐂 test 😀emoji𝟙digit; lone: a\ud800b c\udc00d e\ud83d',
      'tabs\tand\nnewlines\r\nand   spaces',
      'Models models MODELS modelling',
      'sub-word PersonaChat ACUTE-EVAL state-of-the-art end-to-end-to-end a--b x-\u2010y GPT-2 pre\u2011training ACUTEval LLMs -lead trail- iPhone-X',
    ];
    for (const text of texts) {
      assert.deepEqual(analyze(text), reference(text), text);
      assert.deepEqual(analyze(text), reference(text), `${text} (cached)`);
    }
  });
  it('agrees on many distinct tokens, past any cache refill', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `tok${i.toString(36)}ing Wörd${i}s`).join(' ');
    assert.deepEqual(analyze(words), reference(words));
  });
});
