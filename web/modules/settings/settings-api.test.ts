import { describe, expect, it } from 'vitest';
import { DAY_COUNTING_NAMES, DAY_COUNTINGS } from '../../../shared/day-counting.js';
import { optionLabel, valueKind } from './settings-api.js';

describe('settings screen helpers', () => {
  const counting = {
    value: 'civil_code',
    default: 'civil_code',
    // As GET /api/settings lists warranty.dayCounting.
    options: DAY_COUNTINGS.map((value) => ({
      value,
      labelZh: DAY_COUNTING_NAMES[value]['zh-CN'],
      labelEn: DAY_COUNTING_NAMES[value].en,
    })),
  };
  it('a setting with options is edited as a choice and shown by its label', () => {
    expect(valueKind(counting)).toBe('choice');
    expect(optionLabel(counting, 'civil_code', 'zh-CN')).toContain('民法典');
    expect(optionLabel(counting, 'start_day_counted', 'en')).toBe('The start day counts as day 1');
    expect(optionLabel(counting, 'other', 'en')).toBeNull();
  });
  it('other settings keep the editor of their value', () => {
    expect(valueKind({ value: 3, default: 3, options: null })).toBe('number');
    expect(valueKind({ value: 'FW', default: 'FW', options: null })).toBe('string');
  });
});
