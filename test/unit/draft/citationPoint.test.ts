import { strict as assert } from 'node:assert';
import { pointAt, wordsAtPoint } from '../../../src/core/draft/citationPoint';
import { scanDraft } from '../../../src/core/draft/scan';

describe('the citation point', () => {
  it('is the paragraph\'s plain text either side of the cursor, a citation being typed there read as nothing', () => {
    const tex = 'Trained with two layers of \\textbf{GRUs}~\\citep{cho2014gru,} with 512 hidden units.';
    assert.deepEqual(pointAt(tex, 'latex', { start: 0, end: tex.length }, tex.indexOf(',}') + 1), {
      before: 'Trained with two layers of GRUs',
      after: 'with 512 hidden units.',
    });
    const md = 'We follow the approach of [@] for ranking.';
    assert.deepEqual(pointAt(md, 'markdown', { start: 0, end: md.length }, md.indexOf('@]') + 1), { before: 'We follow the approach of [@', after: '] for ranking.' });
  });
  it('stands for the whole citation group when the offset is inside one (a key pointed at)', () => {
    const tex = 'Trained with GRUs \\citep{cho2014gru, vaswani2017attention} with 512 units.';
    const paragraph = scanDraft(tex, 'latex').paragraphs[0];
    assert.deepEqual(pointAt(tex, 'latex', paragraph, tex.indexOf('2017attention')), { before: 'Trained with GRUs', after: 'with 512 units.' });
  });
  it('reads only its paragraph, and is nothing outside it', () => {
    const text = 'First paragraph about parsing.\n\nSecond one on GRUs and more.';
    const second = { start: text.indexOf('Second'), end: text.length };
    assert.deepEqual(pointAt(text, 'latex', second, text.indexOf(' and')), { before: 'Second one on GRUs', after: 'and more.' });
    assert.equal(pointAt(text, 'latex', second, 3), undefined);
  });
  it('gives the words nearest the point, either side', () => {
    assert.equal(wordsAtPoint({ before: 'two layers of GRUs', after: 'with 512 units' }, 2), 'of GRUs with 512');
    assert.equal(wordsAtPoint({ before: 'GRUs', after: '' }, 4), 'GRUs');
    assert.equal(wordsAtPoint({ before: 'GRUs', after: 'here' }, 0), '');
  });
});
