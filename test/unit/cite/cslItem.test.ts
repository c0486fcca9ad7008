import * as assert from 'node:assert/strict';
import { toCslItem } from '../../../src/core/cite/cslItem';
import { parseBibtex } from '../../../src/core/sources/bibtex';
import { paper } from '../helpers';

describe('toCslItem', () => {
  it("a .bib entry's names keep BibTeX's parts: a family name of three words (braced as biblatex-examples.bib has it), a particle, Jr", () => {
    const [r] = parseBibtex('@book{k, title = {T}, author = {V{\\\'a}zques{ de }Parga, Luis and van der Berg, Jan and Ford, Jr., Henry}, year = 1948}', 'k.bib').records;
    assert.deepEqual(toCslItem(r!), {
      id: 'k',
      type: 'book',
      title: 'T',
      author: [
        { family: 'Vázques de Parga', given: 'Luis' },
        { family: 'Berg', given: 'Jan', 'non-dropping-particle': 'van der' },
        { family: 'Ford', given: 'Henry', suffix: 'Jr.' },
      ],
      issued: { 'date-parts': [[1948]] },
    });
  });

  it('other records: names split from the display names; an arXiv id as number', () => {
    const item = toCslItem(paper('p', 'A preprint', { authors: ['Ada Lovelace', 'Plato'], year: 2024, arxiv: '2401.00001' }));
    assert.deepEqual(item.author, [{ family: 'Lovelace', given: 'Ada' }, { family: 'Plato' }]);
    assert.equal(item.number, 'arXiv:2401.00001');
    assert.equal(item.type, 'article');
  });
});
