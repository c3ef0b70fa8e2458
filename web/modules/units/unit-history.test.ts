import { describe, expect, it } from 'vitest';
import { historyLine } from './unit-history.js';

const texts: Record<string, string> = {
  'units.field.status': '状态',
  'units.field.serialNo': '序列号',
  'units.status.active': '在用',
  'units.status.replaced': '已换机',
};
const tr = (k: string) => texts[k];

describe('historyLine', () => {
  it('names fields and statuses, before → after', () => {
    const line = historyLine({ changes: { status: { before: 'active', after: 'replaced' } } }, tr);
    expect(line).toBe('状态: 在用 → 已换机');
  });
  it('shows a first value without an arrow and leaves ids out', () => {
    const line = historyLine(
      { changes: { serialNo: { before: null, after: 'A1' }, modelId: { before: null, after: 'x' } } },
      tr,
    );
    expect(line).toBe('序列号: A1');
  });
  it('falls back to the field code and a dash for empty values', () => {
    expect(historyLine({ changes: { invoiceNo: { before: 'F1', after: null } } }, tr)).toBe('invoiceNo: F1 → —');
  });
});
