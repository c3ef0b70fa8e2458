import { describe, expect, it } from 'vitest';
import {
  adjustmentsOf,
  allowedActions,
  countOf,
  countsFromSheet,
  type LineFacts,
  lineVariance,
  postRefusal,
  submitRefusal,
} from './rules.js';

/* The pure rules of a stocktake (docs/parts.md, "Stocktake"). */

const line = (over: Partial<LineFacts> = {}): LineFacts => ({
  id: 'l1',
  partId: 'p1',
  partCode: 'BELT',
  grade: 'good',
  serialTracked: false,
  bookQty: 10,
  bookSerials: null,
  countedQty: null,
  countedSerials: null,
  ...over,
});
const tracked = (book: string[], found: string[] | null) =>
  line({
    id: 'l2',
    partId: 'p2',
    partCode: 'PUMP',
    serialTracked: true,
    bookQty: book.length,
    bookSerials: book,
    countedQty: found ? found.length : null,
    countedSerials: found,
  });

describe('variance', () => {
  it('is counted − book, null until counted', () => {
    expect(lineVariance(line()).variance).toBeNull();
    expect(lineVariance(line({ countedQty: 7 })).variance).toBe(-3);
    expect(lineVariance(line({ countedQty: 12 })).variance).toBe(2);
  });
  it('names the missing and extra serials of a tracked part, even when the count agrees', () => {
    expect(lineVariance(tracked(['A', 'B', 'C'], ['A', 'B', 'D']))).toEqual({
      variance: 0,
      missing: ['C'],
      extra: ['D'],
    });
  });
});

describe('adjustments', () => {
  const doc = { id: 'st-1', code: 'ST-20261123-0001' };
  it('one signed adjust per counted part with a variance, none without one', () => {
    const moves = adjustmentsOf('d1', doc, [line({ countedQty: 7 }), line({ id: 'l3', partId: 'p3', countedQty: 10 })]);
    expect(moves).toEqual([
      {
        kind: 'adjust',
        depotId: 'd1',
        partId: 'p1',
        grade: 'good',
        quantity: -3,
        document: { kind: 'stocktake', id: 'st-1' },
        note: 'ST-20261123-0001',
      },
    ]);
  });
  it('a tracked part writes its missing serials out and its extra serials in', () => {
    const moves = adjustmentsOf('d1', doc, [tracked(['A', 'B', 'C'], ['A', 'D', 'E', 'F'])]);
    expect(moves.map((m) => [m.quantity, m.serials])).toEqual([
      [-2, ['B', 'C']],
      [3, ['D', 'E', 'F']],
    ]);
  });
});

describe('submitting and posting', () => {
  it('needs every line counted, naming the first one left', () => {
    expect(submitRefusal([line({ countedQty: 0 }), line({ id: 'x', partCode: 'X' })])).toEqual({
      code: 'stocktake.uncounted',
      field: 'lines.1.countedQty',
      params: { part: 'X', uncounted: 1 },
    });
    expect(submitRefusal([line({ countedQty: 0 })])).toBeNull();
  });
  it('is refused while a line’s book moved since its snapshot', () => {
    const lines = [line({ countedQty: 9 }), tracked(['A'], ['A'])];
    expect(postRefusal(lines, new Set())).toBeNull();
    expect(postRefusal(lines, new Set(['l2']))).toEqual({
      code: 'stocktake.book_moved',
      field: 'lines.1',
      params: { parts: 'PUMP', count: 1 },
    });
  });
  it('offers the keeper counting steps and the approver the decision', () => {
    expect(allowedActions('counting', { manage: true, approve: false })).toEqual([
      'count',
      'addLine',
      'recount',
      'submit',
      'cancel',
    ]);
    expect(allowedActions('counting', { manage: false, approve: true })).toEqual([]);
    expect(allowedActions('submitted', { manage: false, approve: true })).toEqual(['approve', 'reject']);
    expect(allowedActions('posted', { manage: true, approve: true })).toEqual([]);
  });
});

describe('counts entered', () => {
  it('tracked parts give serials, counted parts a quantity', () => {
    expect(countOf({ serialTracked: true }, { countedQty: 2 })).toMatchObject({ ok: false, field: 'serials' });
    expect(countOf({ serialTracked: true }, { serials: [' B', 'A'] })).toEqual({
      ok: true,
      countedQty: 2,
      serials: ['A', 'B'],
    });
    expect(countOf({ serialTracked: true }, { serials: ['A', 'A'] })).toMatchObject({ ok: false });
    expect(countOf({ serialTracked: false }, { serials: ['A'] })).toMatchObject({ ok: false, field: 'serials' });
    expect(countOf({ serialTracked: false }, { countedQty: 0 })).toEqual({ ok: true, countedQty: 0, serials: null });
  });
});

describe('the count sheet', () => {
  const lines = [
    { id: 'a', partCode: 'BELT', grade: 'good' as const, serialTracked: false },
    { id: 'b', partCode: 'BELT', grade: 'defective' as const, serialTracked: false },
    { id: 'c', partCode: 'PUMP', grade: 'good' as const, serialTracked: true },
  ];
  const headers = ['Part code', 'Part name', 'Grade', 'Book quantity', 'Counted', 'Serials found'];
  it('reads counts by part code and grade, in either language, skipping blank counts', () => {
    const read = countsFromSheet(
      {
        headers,
        rows: [
          { row: 2, cells: ['belt', 'x', 'good', '10', '8', ''] },
          { row: 3, cells: ['BELT', 'x', '坏件', '1', '', ''] },
          { row: 4, cells: ['PUMP', 'x', 'good', '2', '2', 'S1, S2'] },
        ],
      },
      lines,
    );
    expect(read).toEqual({
      counts: [
        { lineId: 'a', countedQty: 8 },
        { lineId: 'c', serials: ['S1', 'S2'] },
      ],
    });
  });
  it('refuses the whole file at the first bad row', () => {
    const bad = (cells: string[]) => countsFromSheet({ headers, rows: [{ row: 5, cells }] }, lines);
    expect(bad(['NOPE', '', 'good', '', '1', ''])).toMatchObject({ problem: { row: 5 } });
    expect(bad(['BELT', '', 'good', '', '-1', ''])).toMatchObject({ problem: { row: 5 } });
    expect(bad(['BELT', '', 'good', '', '1.5', ''])).toMatchObject({ problem: { row: 5 } });
    expect(bad(['BELT', '', 'shiny', '', '1', ''])).toMatchObject({ problem: { row: 5 } });
    expect(bad(['PUMP', '', 'good', '', '2', ''])).toMatchObject({ problem: { row: 5 } });
    expect(countsFromSheet({ headers: ['x'], rows: [] }, lines)).toMatchObject({ problem: { row: 1 } });
  });
});
