import { ApiError } from '../../api/client.js';

/**
 * The same API error with its field paths renamed, so errors of fields the form shows differently
 * land on the right control: province/city/district codes on the one area cascader.
 */
export function renameFieldErrors(err: unknown, rename: (path: string) => string): unknown {
  if (!(err instanceof ApiError) || err.errors.length === 0) return err;
  return new ApiError(err.status, {
    code: err.code,
    detail: err.detail,
    params: err.params,
    errors: err.errors.map((e) => ({ ...e, path: rename(e.path) })),
  });
}

/** `…provinceCode`, `…cityCode`, `…districtCode` → `…<area>`; everything else as it is. */
export function divisionsTo(area: string): (path: string) => string {
  return (path) => path.replace(/(^|\.)(provinceCode|cityCode|districtCode)$/, `$1${area}`);
}
