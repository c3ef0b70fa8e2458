import { describe, expect, it } from 'vitest';
import { MESSAGE_EVENT_KEYS, MESSAGE_EVENTS, knownVariables } from './events.js';
import { checkTemplate, renderTemplate, templateVariables } from './render.js';

describe('message templates', () => {
  it('fills variables and shows a section only when its variable has a value, nested ones too', () => {
    const t = '工程师{{technicianName}}{{#technicianPhone}}（{{technicianPhone}}）{{/technicianPhone}}';
    expect(renderTemplate(t, { technicianName: '王师傅', technicianPhone: '13800138000' })).toBe(
      '工程师王师傅（13800138000）',
    );
    expect(renderTemplate(t, { technicianName: '王师傅', technicianPhone: '' })).toBe('工程师王师傅');
    const nested = '{{#a}}A{{a}}{{#b}}B{{b}}{{/b}}{{/a}}.';
    expect(renderTemplate(nested, { a: 1, b: 2 })).toBe('A1B2.');
    expect(renderTemplate(nested, { a: 1 })).toBe('A1.');
    expect(renderTemplate(nested, { b: 2 })).toBe('.');
    expect(templateVariables(nested)).toEqual(['a', 'b']);
  });

  it('names unknown, missing and stray-brace problems', () => {
    expect(checkTemplate('单号{{orderCode}}金额{{amount}}', ['orderCode'], ['orderCode'])).toEqual([
      { kind: 'unknown', variable: 'amount' },
    ]);
    expect(checkTemplate('您好', ['orderCode'], ['orderCode'])).toEqual([{ kind: 'missing', variable: 'orderCode' }]);
    expect(checkTemplate('单号{{orderCode}', ['orderCode'], [])).toEqual([{ kind: 'unbalanced', variable: '' }]);
  });

  it('every default template uses only its event’s variables, includes the required ones, and renders its sample whole', () => {
    for (const event of MESSAGE_EVENT_KEYS) {
      const def = MESSAGE_EVENTS[event];
      for (const [channel, c] of Object.entries(def.channels)) {
        for (const lang of ['zh-CN', 'en'] as const) {
          const texts = [c.body[lang], ...('subject' in c && c.subject ? [c.subject[lang]] : [])];
          for (const text of texts) {
            expect(
              checkTemplate(text, knownVariables(event), text === c.body[lang] ? def.required : []),
              `${event}/${channel}/${lang}`,
            ).toEqual([]);
            const out = renderTemplate(text, { company: '三包', hotline: '400-800-1234', ...def.sample });
            expect(out, `${event}/${channel}/${lang}`).not.toMatch(/\{\{|\}\}/);
          }
        }
      }
    }
  });
});
