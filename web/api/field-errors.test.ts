import { describe, expect, it } from 'vitest';
import { fieldMessage, nearestField, toNamePath } from './field-errors.js';

describe('placing API field errors on form fields', () => {
  it('strips the body prefix and turns indexes into numbers', () => {
    expect(toNamePath('body.admin.password')).toEqual(['admin', 'password']);
    expect(toNamePath('scopes.2')).toEqual(['scopes', 2]);
    expect(toNamePath('company')).toEqual(['company']);
  });

  it('finds the exact field, else the nearest registered parent, else nothing', () => {
    const registered = [['company'], ['admin', 'password'], ['scopes']];
    expect(nearestField(registered, ['admin', 'password'])).toEqual(['admin', 'password']);
    expect(nearestField(registered, ['scopes', 2])).toEqual(['scopes']);
    expect(nearestField(registered, ['admin', 'username'])).toBeNull();
  });

  it('drops the path the server puts in front of field messages', () => {
    expect(fieldMessage('body.code', 'body.code: 格式不正确')).toBe('格式不正确');
    expect(fieldMessage('scopes.0', '令牌权限超出您的权限')).toBe('令牌权限超出您的权限');
  });
});
