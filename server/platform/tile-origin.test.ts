import { describe, expect, it } from 'vitest';
import { tileOrigin } from './tile-origin.js';

describe('tileOrigin', () => {
  it('gives the origin of a tile template, a subdomain placeholder as a wildcard', () => {
    expect(tileOrigin('https://tile.example.com/{z}/{x}/{y}.png')).toBe('https://tile.example.com');
    expect(tileOrigin('https://{s}.tile.example.com/{z}/{x}/{y}.png')).toBe('https://*.tile.example.com');
    expect(tileOrigin('http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png')).toBe('http://10.0.0.5:8080');
  });

  it('is null for an empty or unusable template', () => {
    expect(tileOrigin('')).toBeNull();
    expect(tileOrigin('ftp://x/{z}')).toBeNull();
    expect(tileOrigin("https://a.com;script-src 'unsafe-inline'/{z}")).toBeNull();
  });
});
