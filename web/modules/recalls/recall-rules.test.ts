import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/index.js';
import type { Translate } from '../../i18n/index.js';
import { criteriaText } from './recall-rules.js';

const t: Translate = (key, params = {}) =>
  en[key].replace(/\{(\w+)\}/g, (_, k: string) => String((params as Record<string, unknown>)[k] ?? ''));
const none = { serialFrom: null, serialTo: null, serialPrefix: null, purchasedFrom: null, purchasedTo: null };

describe('a campaign’s criteria in words', () => {
  it('names each criterion given, and all units of the models when none is', () => {
    expect(criteriaText(t, none)).toEqual(['Every unit of the models']);
    expect(criteriaText(t, { ...none, serialFrom: 'SN0100', serialTo: 'SN0200', serialPrefix: 'SN01' })).toEqual([
      'Serials SN0100 to SN0200',
      'Batch (serial prefix) SN01',
    ]);
    expect(criteriaText(t, { ...none, serialTo: 'SN0200', purchasedFrom: '2026-01-01' })).toEqual([
      'Serials up to SN0200',
      'Purchased 2026-01-01 to …',
    ]);
  });
});
