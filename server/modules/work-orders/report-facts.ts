import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { units } from '../customers/index.js';
import { workOrders } from './tables.js';

/*
 * What the reports' read model takes of an order (docs/reports.md): where it is served, what it
 * is, its state and its instants. Read as one set for a batch of ids (never one statement per
 * order). No scope check: the caller refreshes facts, it does not show them.
 */

export interface ReportOrder {
  id: string;
  code: string;
  orgPath: string;
  provinceCode: string | null;
  centerId: string | null;
  outletId: string | null;
  technicianId: string | null;
  productLineId: string | null;
  modelId: string | null;
  serviceType: string;
  state: string;
  reportedAt: Date;
  completedAt: Date | null;
  closedAt: Date | null;
  cause: string | null;
  unitId: string | null;
  purchaseDay: string | null;
  reopened: boolean;
  faultCode: string | null;
  repeatOfId: string | null;
  urgeCount: number;
}

export async function reportOrdersOf(db: DbLike, ids: readonly string[]): Promise<ReportOrder[]> {
  if (!ids.length) return [];
  type Cells = [
    string,
    string,
    string,
    string | null,
    string | null,
    string | null,
    string | null,
    string | null,
    string | null,
    string,
    string,
    number,
    number | null,
    string | null,
    string | null,
    number,
    number | null,
    string | null,
    string | null,
    string | null,
    boolean,
  ];
  const [res] = rowsOf<{ rows: Cells[] }>(
    await db.execute(sql`
      select coalesce(json_agg(json_build_array(o.id, o.code, o.org_path, o.province_code, o.center_id,
          o.outlet_id, o.technician_id, o.product_line_id, o.model_id, o.service_type, o.state,
          floor(extract(epoch from o.reported_at) * 1000)::bigint,
          floor(extract(epoch from o.completed_at) * 1000)::bigint,
          nullif(o.completion ->> 'faultCode', ''), o.repeat_of_id, o.urge_count,
          floor(extract(epoch from o.closed_at) * 1000)::bigint, nullif(o.completion ->> 'cause', ''), o.unit_id,
          to_char(u.purchase_date, 'YYYY-MM-DD'), o.reopened_as_id is not null)), '[]') as rows
      from ${workOrders} o left join ${units} u on u.id = o.unit_id
      where o.id = any(${`{${ids.join(',')}}`}::uuid[])`),
  );
  return (res?.rows ?? []).map((r) => ({
    id: r[0],
    code: r[1],
    orgPath: r[2],
    provinceCode: r[3],
    centerId: r[4],
    outletId: r[5],
    technicianId: r[6],
    productLineId: r[7],
    modelId: r[8],
    serviceType: r[9],
    state: r[10],
    reportedAt: new Date(r[11]),
    completedAt: r[12] === null ? null : new Date(r[12]),
    faultCode: r[13],
    repeatOfId: r[14],
    urgeCount: r[15],
    closedAt: r[16] === null ? null : new Date(r[16]),
    cause: r[17],
    unitId: r[18],
    purchaseDay: r[19],
    reopened: r[20],
  }));
}

/** Order ids after `after` in id order, `limit` of them: the pages of a full rebuild. */
export async function orderIdPage(db: DbLike, after: string | null, limit: number): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`select id from ${workOrders}
      ${after === null ? sql`` : sql`where id > ${after}::uuid`} order by id limit ${limit}`),
  );
  return rows.map((r) => r.id);
}
