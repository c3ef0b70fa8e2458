import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.js';
import { divisionsTo, renameFieldErrors } from './field-paths.js';

describe('field paths', () => {
  it('puts division codes on the area field', () => {
    const rename = divisionsTo('area');
    expect(rename('body.newCustomer.address.cityCode')).toBe('body.newCustomer.address.area');
    expect(rename('body.provinceCode')).toBe('body.area');
    expect(rename('body.address')).toBe('body.address');
  });

  it('keeps the error and renames only its paths', () => {
    const err = new ApiError(400, {
      code: 'validation.failed',
      detail: 'bad',
      errors: [{ path: 'body.districtCode', code: 'custom', message: 'x' }],
    });
    const out = renameFieldErrors(err, divisionsTo('area')) as ApiError;
    expect(out).toBeInstanceOf(ApiError);
    expect(out.code).toBe('validation.failed');
    expect(out.errors[0]!.path).toBe('body.area');
    const plain = new Error('x');
    expect(renameFieldErrors(plain, divisionsTo('area'))).toBe(plain);
  });
});
