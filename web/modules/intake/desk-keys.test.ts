import { describe, expect, it } from 'vitest';
import { classHint, deskCommand, type KeyLike, lookupText, moveIndex, needsRequest } from './desk-keys.js';

const key = (over: Partial<KeyLike>): KeyLike => ({
  key: '',
  code: '',
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...over,
});

describe('desk shortcuts', () => {
  it('maps Alt+1…7 to the classes in the seed order', () => {
    const got = [1, 2, 3, 4, 5, 6, 7].map((d) => deskCommand(key({ altKey: true, code: `Digit${d}`, key: String(d) })));
    expect(got.map((c) => (c?.type === 'class' ? c.value : null))).toEqual([
      'consultation',
      'repair',
      'installation',
      'maintenance',
      'complaint',
      'urging',
      'suggestion',
    ]);
  });

  it('reads the physical key when Alt types another character (macOS ¡)', () => {
    expect(deskCommand(key({ altKey: true, code: 'Digit1', key: '¡' }))).toEqual({
      type: 'class',
      value: 'consultation',
    });
    expect(deskCommand(key({ altKey: true, code: 'Numpad5', key: '5' }))).toEqual({
      type: 'class',
      value: 'complaint',
    });
  });

  it('ignores plain digits, Alt+8/9/0 and other modifiers', () => {
    expect(deskCommand(key({ code: 'Digit1', key: '1' }))).toBeNull();
    expect(deskCommand(key({ altKey: true, code: 'Digit8', key: '8' }))).toBeNull();
    expect(deskCommand(key({ altKey: true, code: 'Digit0', key: '0' }))).toBeNull();
    expect(deskCommand(key({ altKey: true, ctrlKey: true, code: 'Digit1', key: '1' }))).toBeNull();
    expect(deskCommand(key({ altKey: true, shiftKey: true, code: 'Digit1', key: '!' }))).toBeNull();
  });

  it('saves on Ctrl+Enter or Cmd+Enter, searches on F2, new customer on Alt+N', () => {
    expect(deskCommand(key({ ctrlKey: true, key: 'Enter', code: 'Enter' }))).toEqual({ type: 'save' });
    expect(deskCommand(key({ metaKey: true, key: 'Enter', code: 'Enter' }))).toEqual({ type: 'save' });
    expect(deskCommand(key({ key: 'Enter', code: 'Enter' }))).toBeNull();
    expect(deskCommand(key({ ctrlKey: true, altKey: true, key: 'Enter', code: 'Enter' }))).toBeNull();
    expect(deskCommand(key({ key: 'F2', code: 'F2' }))).toEqual({ type: 'search' });
    expect(deskCommand(key({ altKey: true, key: 'ñ', code: 'KeyN' }))).toEqual({ type: 'newCustomer' });
  });

  it('makes the call an order on Ctrl+Shift+Enter (Cmd+Shift+Enter)', () => {
    expect(deskCommand(key({ ctrlKey: true, shiftKey: true, key: 'Enter', code: 'Enter' }))).toEqual({ type: 'order' });
    expect(deskCommand(key({ metaKey: true, shiftKey: true, key: 'Enter', code: 'Enter' }))).toEqual({ type: 'order' });
    expect(deskCommand(key({ shiftKey: true, key: 'Enter', code: 'Enter' }))).toBeNull();
  });

  it('shows the hint of each class', () => {
    expect(classHint('consultation')).toBe('Alt+1');
    expect(classHint('suggestion')).toBe('Alt+7');
  });

  it('knows which classes open a service request', () => {
    expect(['repair', 'installation', 'maintenance'].every((c) => needsRequest(c as 'repair'))).toBe(true);
    expect(needsRequest('consultation')).toBe(false);
    expect(needsRequest(undefined)).toBe(false);
  });
});

describe('card navigation', () => {
  it('moves within the list and starts from either end', () => {
    expect(moveIndex(-1, 1, 3)).toBe(0);
    expect(moveIndex(-1, -1, 3)).toBe(2);
    expect(moveIndex(0, 1, 3)).toBe(1);
    expect(moveIndex(2, 1, 3)).toBe(2);
    expect(moveIndex(0, -1, 3)).toBe(0);
    expect(moveIndex(0, 1, 0)).toBe(-1);
  });

  it('looks up from two characters on', () => {
    expect(lookupText(' 王')).toBeNull();
    expect(lookupText('王芳 ')).toBe('王芳');
    expect(lookupText('x'.repeat(80))).toHaveLength(60);
  });
});
