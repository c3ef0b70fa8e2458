/** Texts of the customer archive, catalog and installed base pages (zh-CN first; en typed against it). */
export const customersZh = {
  'nav.customers': '客户档案',
} as const;

export const customersEn: Record<keyof typeof customersZh, string> = {
  'nav.customers': 'Customers',
};
