import { areaList } from '@vant/area-data';

/*
 * National administrative divisions (GB/T 2260) from a maintained data package: province 440000,
 * city 440100, district 440106. A city's code shares its first four digits with its districts, a
 * province its first two with its cities. Browser-safe, so forms check what the server checks.
 */

export type DivisionLevel = 'province' | 'city' | 'district';

/**
 * Prefecture-level cities with no county-level divisions (不设区的地级市): an address there has
 * no district. The data package lists their towns under them; those are accepted too.
 */
export const CITIES_WITHOUT_DISTRICTS: readonly string[] = ['441900', '442000', '460400', '620200'];

export interface DivisionCodes {
  provinceCode: string;
  cityCode?: string | null;
  districtCode?: string | null;
}

/** What is wrong with a set of division codes, naming the field; null when they fit together. */
export interface DivisionProblem {
  field: 'provinceCode' | 'cityCode' | 'districtCode';
  reason: 'unknown' | 'not_in_province' | 'not_in_city' | 'city_required';
}

export function divisionLevel(code: string): DivisionLevel | null {
  if (areaList.province_list[code]) return 'province';
  if (areaList.city_list[code]) return 'city';
  if (areaList.county_list[code]) return 'district';
  return null;
}

/** The name of a province, city or district code ("广东省", "广州市", "天河区"), or null when unknown. */
export function divisionName(code: string | null | undefined): string | null {
  if (!code) return null;
  return areaList.province_list[code] ?? areaList.city_list[code] ?? areaList.county_list[code] ?? null;
}

export function hasDistricts(cityCode: string): boolean {
  return !CITIES_WITHOUT_DISTRICTS.includes(cityCode);
}

/**
 * Checks that the city lies in the province and the district in the city. City and district may
 * be left out (an address known only to its province), but a district needs its city. In a city
 * without districts the district is empty, the city code itself, or one of its towns.
 */
export function checkDivisions(codes: DivisionCodes): DivisionProblem | null {
  const { provinceCode, cityCode, districtCode } = codes;
  if (!areaList.province_list[provinceCode]) return { field: 'provinceCode', reason: 'unknown' };
  if (cityCode) {
    if (!areaList.city_list[cityCode]) return { field: 'cityCode', reason: 'unknown' };
    if (cityCode.slice(0, 2) !== provinceCode.slice(0, 2)) return { field: 'cityCode', reason: 'not_in_province' };
  }
  if (districtCode) {
    if (!cityCode) return { field: 'cityCode', reason: 'city_required' };
    if (districtCode === cityCode && !hasDistricts(cityCode)) return null;
    if (!areaList.county_list[districtCode]) return { field: 'districtCode', reason: 'unknown' };
    if (districtCode.slice(0, 4) !== cityCode.slice(0, 4)) return { field: 'districtCode', reason: 'not_in_city' };
  }
  return null;
}

/** "广东省 广州市 天河区", skipping unknown or missing levels. */
export function divisionPath(codes: DivisionCodes): string {
  return [codes.provinceCode, codes.cityCode, codes.districtCode]
    .filter((c, i, all) => c && all.indexOf(c) === i)
    .map((c) => divisionName(c))
    .filter(Boolean)
    .join(' ');
}
