import { describe, expect, it } from 'vitest';
import { divisionCodes } from './care-parts.js';

describe('the area filter as the cascader path', () => {
  it('a province, a city, a district', () => {
    expect(divisionCodes('440000')).toEqual(['440000']);
    expect(divisionCodes('440100')).toEqual(['440000', '440100']);
    expect(divisionCodes('440106')).toEqual(['440000', '440100', '440106']);
  });
});
