import * as assert from 'node:assert/strict';
import { safeJson, stripControls } from '../../../src/core/text/controls';

const HOSTILE = 'T\u0000i\u0007t\u0008l\re\u001b[2J \u001b]8;;x\u0007a\u001b]8;;\u0007 \u007f\u0085\u009b31m \u202Eabc\u2066d\u2069\tend\nnext';

describe('text from outside, made safe to print', () => {
  it('stripControls drops C0 but tab and newline, DEL, C1, bidi embeddings, overrides and isolates', () => {
    assert.equal(stripControls(HOSTILE), 'Title[2J ]8;;xa]8;; 31m abcd\tend\nnext');
    assert.equal(stripControls('Plain “text”, Ünïcödé — ok'), 'Plain “text”, Ünïcödé — ok');
  });
  it('safeJson escapes what JSON.stringify leaves raw, and parses back to the same value', () => {
    const value = { title: HOSTILE, authors: ['\u2028A\u2029'] };
    const json = safeJson(value, 2);
    assert.deepEqual(JSON.parse(json), value);
    assert.doesNotMatch(json, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    assert.match(json, /\\u009b31m \\u202eabc\\u2066d\\u2069/);
  });
});
