import type { DbLike } from '../../db/client.js';
import type { ComplaintType, RouteTarget } from './contract.js';
import { complaintDepartments, complaintRoutes } from './tables.js';

/*
 * The default complaint departments and routing table, written when the system is set up (as the
 * SLA and warranty defaults are). Seed 003 routes service attitude and norms to 市场部, product
 * quality to 研发部, fees to 财务部, engine and component faults to the maker, and timeliness to the
 * unit holding the order. The configuration needs no row: DEFAULT_CONFIG applies until it is edited.
 * A fresh, migrated database stays empty, so a backup can be restored onto it.
 */
export const DEFAULT_DEPARTMENTS = [
  { code: 'market', kind: 'internal', nameZh: '市场部', nameEn: 'Market department' },
  { code: 'rnd', kind: 'internal', nameZh: '研发部', nameEn: 'R&D' },
  { code: 'finance', kind: 'internal', nameZh: '财务部', nameEn: 'Finance department' },
  { code: 'service', kind: 'internal', nameZh: '客户服务部', nameEn: 'Customer service department' },
  { code: 'maker', kind: 'maker', nameZh: '发动机/部件制造商', nameEn: 'Engine and component maker' },
] as const;

export const DEFAULT_ROUTES: { type: ComplaintType; target: RouteTarget; department: string | null }[] = [
  { type: 'attitude', target: 'department', department: 'market' },
  { type: 'norms', target: 'department', department: 'market' },
  { type: 'fees', target: 'department', department: 'finance' },
  { type: 'timeliness', target: 'holder', department: null },
  { type: 'quality', target: 'department', department: 'rnd' },
  { type: 'component', target: 'department', department: 'maker' },
  { type: 'other', target: 'department', department: 'service' },
];

/** Writes the defaults in the caller's transaction; rows already there are kept. */
export async function seedComplaintDefaults(tx: DbLike): Promise<void> {
  await tx
    .insert(complaintDepartments)
    .values(DEFAULT_DEPARTMENTS.map((d) => ({ ...d })))
    .onConflictDoNothing();
  const depts = await tx
    .select({ id: complaintDepartments.id, code: complaintDepartments.code })
    .from(complaintDepartments);
  const idOf = new Map(depts.map((d) => [d.code, d.id]));
  await tx
    .insert(complaintRoutes)
    .values(
      DEFAULT_ROUTES.map((r) => ({
        type: r.type,
        target: r.target,
        departmentId: r.department ? (idOf.get(r.department) ?? null) : null,
      })),
    )
    .onConflictDoNothing();
}
