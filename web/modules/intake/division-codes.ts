/** The cascader's list of codes as the contract's province/city/district codes (absent levels left out). */
export function divisionCodes(area: readonly string[] | undefined): {
  provinceCode: string;
  cityCode?: string;
  districtCode?: string;
} {
  const [provinceCode = '', cityCode, districtCode] = area ?? [];
  return { provinceCode, ...(cityCode ? { cityCode } : {}), ...(districtCode ? { districtCode } : {}) };
}
