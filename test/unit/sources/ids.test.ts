import * as assert from 'node:assert/strict';
import { collapseSpace, displayName, extractArxivId, jsonErrorReason, normalizeDoi } from '../../../src/core/sources/ids';

describe('normalizeDoi', () => {
  it('lower-cases and strips URL and doi: prefixes', () => {
    assert.equal(normalizeDoi('10.18653/V1/2020.ACL-MAIN.1'), '10.18653/v1/2020.acl-main.1');
    assert.equal(normalizeDoi('https://doi.org/10.1162/TACL_A_00276'), '10.1162/tacl_a_00276');
    assert.equal(normalizeDoi('http://dx.doi.org/10.1000/x'), '10.1000/x');
    assert.equal(normalizeDoi(' doi:10.1000/x '), '10.1000/x');
  });
  it('undoes LaTeX escapes and encoded slashes', () => {
    assert.equal(normalizeDoi('10.1000/a\\_b'), '10.1000/a_b');
    assert.equal(normalizeDoi('10.1000%2Fabc'), '10.1000/abc');
  });
  it('gives undefined for what is not a DOI', () => {
    for (const text of [undefined, null, '', 'n/a', '10.1/x', 'https://example.org/10.1000/x', '10.1000/']) {
      assert.equal(normalizeDoi(text), undefined, String(text));
    }
  });
});

describe('extractArxivId', () => {
  it('finds ids behind an arXiv marker, without version', () => {
    assert.equal(extractArxivId('arXiv:2106.09685v2'), '2106.09685');
    assert.equal(extractArxivId('https://arxiv.org/abs/1706.03762v7'), '1706.03762');
    assert.equal(extractArxivId('http://arxiv.org/pdf/2106.09685.pdf'), '2106.09685');
    assert.equal(extractArxivId('10.48550/arXiv.1810.04805'), '1810.04805');
    assert.equal(extractArxivId('arXiv preprint arXiv:1901.00001'), '1901.00001');
    assert.equal(extractArxivId('https://arxiv.org/abs/hep-th/9901001v1'), 'hep-th/9901001');
    assert.equal(extractArxivId('arXiv:MATH.gt/0309136'), 'math.GT/0309136');
    assert.equal(extractArxivId('arXiv:0704.0001'), '0704.0001');
  });
  it('accepts a bare id only when asked (an eprint field)', () => {
    assert.equal(extractArxivId('2106.09685'), undefined);
    assert.equal(extractArxivId('2106.09685v3', { bare: true }), '2106.09685');
    assert.equal(extractArxivId('cs/0112017', { bare: true }), 'cs/0112017');
    assert.equal(extractArxivId('see 2106.09685', { bare: true }), undefined);
  });
  it('gives undefined without an id', () => {
    for (const text of [undefined, null, '', 'arXiv', 'https://arxiv.org/list/cs.CL/recent', 'arXiv:2106.096851']) {
      assert.equal(extractArxivId(text), undefined, String(text));
    }
  });
});

describe('displayName', () => {
  it('orders the parts as "First von Last Jr."', () => {
    assert.equal(displayName({ given: 'Jan', prefix: 'van der', family: 'Berg' }), 'Jan van der Berg');
    assert.equal(displayName({ given: 'Martin', family: 'King', suffix: 'Jr.' }), 'Martin King Jr.');
    assert.equal(displayName({ given: 'Ludwig', 'non-dropping-particle': 'van', family: 'Beethoven' }), 'Ludwig van Beethoven');
    assert.equal(displayName({ family: 'Plato' }), 'Plato');
  });
  it('prefers a literal name and collapses white space', () => {
    assert.equal(displayName({ literal: '  Google   Research ', family: 'x' }), 'Google Research');
    assert.equal(displayName({}), '');
  });
});

describe('collapseSpace', () => {
  it('collapses runs of white space, no-break spaces included, and trims', () => {
    assert.equal(collapseSpace(' a \n\t b\u00a0 c '), 'a b c');
  });
});

describe('jsonErrorReason', () => {
  const reasonFor = (text: string) => {
    try {
      JSON.parse(text);
    } catch (e) {
      return jsonErrorReason(e);
    }
    throw new Error('parsed');
  };
  it('drops the echo of the input and the offset from V8\'s message', () => {
    assert.equal(reasonFor('[1, x]'), "Unexpected token 'x'");
    assert.equal(reasonFor(`[${'1,'.repeat(100)} x]`), "Unexpected token 'x'");
    assert.equal(reasonFor('{"a": 1,}'), 'Expected double-quoted property name');
    assert.equal(reasonFor(''), 'Unexpected end of JSON input');
  });
});
