import { strict as assert } from 'node:assert';
import { paragraphAt, scanDraft } from '../../../src/core/draft/scan';
import { paragraphKey } from '../../../src/extension/draft/paragraphKey';

describe('paragraphKey', () => {
  const text = '\\section{Intro}\nFirst paragraph about retrieval.\n\nSecond paragraph about ranking.\n';
  const draft = scanDraft(text, 'latex');
  const at = (offset: number, t = text) => {
    const d = t === text ? draft : scanDraft(t, 'latex');
    return paragraphKey({ uri: 'file:///p.tex', draft: d, paragraph: paragraphAt(d, offset) });
  };

  it('differs between paragraphs, not within one', () => {
    assert.equal(at(text.indexOf('First')), at(text.indexOf('retrieval')));
    assert.notEqual(at(text.indexOf('First')), at(text.indexOf('Second')));
  });

  it('changes when the paragraph is edited, not when an earlier one shifts it', () => {
    const edited = text.replace('ranking', 're-ranking');
    assert.notEqual(at(text.indexOf('Second')), at(edited.indexOf('Second'), edited));
    const shifted = text.replace('retrieval', 'dense retrieval');
    assert.equal(at(text.indexOf('Second')), at(shifted.indexOf('Second'), shifted));
  });

  it('changes when a citation is inserted or undone anywhere in the draft (the cards\' cited badges follow)', () => {
    const cited = text.replace('ranking.', 'ranking \\citep{hu2021lora}.');
    assert.notEqual(at(text.indexOf('First')), at(cited.indexOf('First'), cited));
    assert.equal(at(cited.indexOf('First'), cited), at(cited.indexOf('First'), cited + '\nMore \\cite{hu2021lora}.\n'));
  });

  it('has distinct keys for no editor and for the cursor outside prose', () => {
    assert.equal(paragraphKey(undefined), 'none');
    assert.notEqual(paragraphKey({ uri: 'u', draft, paragraph: undefined }), paragraphKey(undefined));
  });
});
