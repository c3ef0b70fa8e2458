import { describe, expect, it } from 'vitest';
import { photoProblem, preferredNote } from './photo-checks.js';

const MB = 1024 * 1024;

describe('photo checks', () => {
  it('accepts the image types the server accepts', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/webp', 'image/heic']) {
      expect(photoProblem({ name: 'a', type, size: 100 }, 0)).toBeNull();
    }
  });

  it('accepts HEIC by name when the browser gives no type', () => {
    expect(photoProblem({ name: 'IMG_0001.HEIC', type: '', size: 100 }, 0)).toBeNull();
    expect(photoProblem({ name: 'notes.txt', type: '', size: 100 }, 0)).toBe('type');
  });

  it('refuses other types, big files and the sixth photo', () => {
    expect(photoProblem({ name: 'a.gif', type: 'image/gif', size: 100 }, 0)).toBe('type');
    expect(photoProblem({ name: 'a.pdf', type: 'application/pdf', size: 100 }, 0)).toBe('type');
    expect(photoProblem({ name: 'a.jpg', type: 'image/jpeg', size: 5 * MB }, 0)).toBeNull();
    expect(photoProblem({ name: 'a.jpg', type: 'image/jpeg', size: 5 * MB + 1 }, 0)).toBe('size');
    expect(photoProblem({ name: 'a.jpg', type: 'image/jpeg', size: 1 }, 5)).toBe('count');
    expect(photoProblem({ name: 'a.jpg', type: 'image/jpeg', size: 1 }, 2, { maxMb: 1, maxCount: 2 })).toBe('count');
  });

  it('joins the preferred day, time of day and note', () => {
    expect(preferredNote('2026-11-25', '上午', null)).toBe('2026-11-25 上午');
    expect(preferredNote(null, null, '  下班后 ')).toBe('下班后');
    expect(preferredNote('2026-11-25', null, '带梯子')).toBe('2026-11-25；带梯子');
    expect(preferredNote(null, null, '')).toBeUndefined();
  });
});
