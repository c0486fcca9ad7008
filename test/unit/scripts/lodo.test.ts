import { strict as assert } from 'node:assert';
import { coordinateAscent, foldsOf, objective, summarise, type Outcome } from '../../../scripts/eval/lodo';

const outcome = (draft: string, rank: number, task: Outcome['task'] = 'cite'): Outcome => ({ task, draft, rank });

describe('summarise', () => {
  it('pools over cited works and reports each draft, with the spread of their recalls', () => {
    const s = summarise([outcome('a', 0), outcome('a', -1), outcome('b', 4), outcome('b', 1), outcome('b', -1), outcome('b', -1)]);
    assert.equal(s.total, 6);
    assert.equal(s.hits, 3);
    assert.equal(s.recall, 0.5);
    assert.ok(Math.abs(s.mrr - (1 + 1 / 5 + 1 / 2) / 6) < 1e-12);
    assert.deepEqual(s.drafts.map((d) => [d.draft, d.hits, d.total]), [['a', 1, 2], ['b', 2, 4]]);
    assert.equal(s.meanRecall, 0.5);
    assert.equal(s.sdRecall, 0);
    assert.equal(s.minRecall, 0.5);
  });
  it('counts a work ranked 11th or lower as a miss', () => {
    assert.equal(summarise([outcome('a', 10)]).hits, 0);
  });
});

describe('foldsOf', () => {
  it('holds out each draft once, in a stable order', () => {
    assert.deepEqual(foldsOf(['b', 'a', 'b', 'c']), ['a', 'b', 'c']);
  });
});

describe('objective', () => {
  it('weighs the tasks equally whatever their sizes', () => {
    const cite = [outcome('a', 0), outcome('a', -1), outcome('a', -1), outcome('a', -1)];
    const discover = [outcome('a', 0, 'discover')];
    assert.ok(Math.abs(objective([...cite, ...discover]) - (0.25 + 0.25 / 100 + 1 + 1 / 100) / 2) < 1e-12);
  });
});

describe('coordinateAscent', () => {
  // Draft a is found when x = 2, draft b when y = 1: a search that changes one parameter at a time finds both.
  const outcomesOf = (p: { x: number; y: number }) => [outcome('a', p.x === 2 ? 0 : -1), outcome('b', p.y === 1 ? 0 : -1)];
  it('moves each parameter to the best value of its grid', () => {
    assert.deepEqual(coordinateAscent({ x: 0, y: 0 }, { x: [0, 1, 2], y: [0, 1] }, outcomesOf), { x: 2, y: 1 });
  });
  it('keeps the starting value when nothing scores better', () => {
    const flat = () => [outcome('a', 0)];
    assert.deepEqual(coordinateAscent({ x: 1, y: 0 }, { x: [0, 1, 2], y: [0, 1] }, flat), { x: 1, y: 0 });
  });
  it('chooses on the outcomes it is given only, so a held-out draft cannot steer its own fold', () => {
    const train = (p: { x: number; y: number }) => outcomesOf(p).filter((o) => o.draft !== 'b');
    assert.deepEqual(coordinateAscent({ x: 0, y: 0 }, { x: [0, 1, 2], y: [0, 1] }, train), { x: 2, y: 0 });
  });
});
