import { strict as assert } from 'node:assert';
import { analyze, analyzeWithSurface, normalizeWord, processTerm, tokenize } from '../../../src/core/text/analyze';

describe('normalizeWord', () => {
  it('lower-cases and folds accents', () => {
    assert.equal(normalizeWord('Müller'), 'muller');
    assert.equal(normalizeWord('Ångström'), 'angstrom');
  });
});

describe('processTerm', () => {
  it('stems with Porter', () => {
    assert.equal(processTerm('Models'), 'model');
    assert.equal(processTerm('pruning'), processTerm('pruned'));
  });
  it('drops stopwords, scientific boilerplate, single characters and bare numbers', () => {
    for (const t of ['the', 'We', 'paper', 'propose', 'x', '2017', '3']) assert.equal(processTerm(t), undefined, t);
  });
  it('keeps words with digits, like model names', () => {
    assert.equal(processTerm('GPT4'), 'gpt4');
  });
});

describe('tokenize', () => {
  it('splits on hyphens, slashes and punctuation, keeps letters of any script', () => {
    assert.deepEqual(tokenize('Vision/Language models (VLMs) / 東京'), ['Vision', 'Language', 'models', 'VLMs', '東京']);
  });
  it('follows a hyphenated word by its parts joined, and a word with inner capitals by its pieces', () => {
    assert.deepEqual(tokenize('Vision-Language LLMs'), ['Vision', 'Language', 'VisionLanguage', 'LLMs']);
    assert.deepEqual(tokenize('PersonaChat'), ['PersonaChat', 'Persona', 'Chat']);
  });
});

describe('analyze', () => {
  it('gives index terms in order, with repeats', () => {
    assert.deepEqual(analyze('Attention sinks: the attention of streaming models'), ['attent', 'sink', 'attent', 'stream', 'model']);
  });
});

describe('analyze, spelling variants', () => {
  it('gives hyphenated and solid spellings a shared term', () => {
    for (const [a, b] of [['sub-word units', 'subword units'], ['GPT-2', 'GPT2'], ['pre-training', 'pretraining']]) {
      const shared = analyze(a).filter((t) => analyze(b).includes(t));
      assert.ok(shared.length > 0, `${a} / ${b}`);
    }
  });
  it('lets a name with inner capitals meet its pieces written apart', () => {
    assert.ok(analyze('ACUTEval').includes(processTerm('eval')!));
    assert.ok(analyze('the DailyDialog corpus').includes(processTerm('dialog')!));
  });
});

describe('analyzeWithSurface', () => {
  it('remembers the first surface form of each term', () => {
    const { terms, surface } = analyzeWithSurface('Pruning tokens; pruned tokens');
    assert.deepEqual(terms, ['prune', 'token', 'prune', 'token']);
    assert.equal(surface.get('prune'), 'Pruning');
  });
});
