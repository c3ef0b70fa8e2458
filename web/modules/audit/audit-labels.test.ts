import { describe, expect, it } from 'vitest';
import { actionLabel, entitySummary } from './audit-labels.js';

describe('audit labels', () => {
  it('names a record from its own changes', () => {
    expect(
      entitySummary({ displayName: { before: null, after: '王师傅' }, username: { before: null, after: 'xh.tech1' } }),
    ).toBe('王师傅 (xh.tech1)');
    expect(entitySummary({ name: { before: '旧名', after: '新名' } })).toBe('新名');
    expect(entitySummary({ code: { before: 'C-1', after: null } })).toBe('C-1');
    expect(entitySummary({ active: { before: true, after: false } })).toBeUndefined();
  });

  it('labels an action by its full code, else by its verb, else shows the code', () => {
    const tryT = (k: string) => ({ 'action.created': '新建' })[k];
    expect(actionLabel({ tryT }, 'org_unit.created')).toBe('新建');
    expect(actionLabel({ tryT }, 'user.teleported')).toBe('user.teleported');
  });
});
