import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';

/*
 * What a new work order needs to know of the customer it is for, read for many orders in one
 * statement (the work-order creation pipeline loads the facts of a whole group at once). Only
 * this module's tables are named here; the order module reads them through this function.
 */

/** One order about to be created: the customer, unit, address and model it names (any may be absent). */
export interface OrderFactsAsk {
  customerId: string | null;
  unitId: string | null;
  addressId: string | null;
  /** A model named without a unit (a service request's model); the unit's model wins. */
  modelId: string | null;
}

export interface ArchiveFacts {
  customer: {
    id: string;
    kind: 'individual' | 'business';
    name: string;
    orgPath: string;
    /** Not merged into another customer. */
    live: boolean;
  } | null;
  unit: {
    id: string;
    customerId: string;
    modelId: string | null;
    serialNo: string | null;
    addressId: string | null;
  } | null;
  model: { id: string; lineId: string | null; name: string } | null;
  /**
   * The service address: the one asked for (or the unit's) when it is the customer's, else the
   * customer's primary (then oldest) address when none was asked for; null when the one asked
   * for is not the customer's.
   */
  address: {
    id: string;
    provinceCode: string | null;
    cityCode: string | null;
    districtCode: string | null;
    detail: string;
    lat: number | null;
    lng: number | null;
  } | null;
  /** The customer's primary (then oldest) phone. */
  phone: string | null;
}

interface Row {
  n: number;
  customer_id: string | null;
  customer_kind: 'individual' | 'business' | null;
  customer_name: string | null;
  customer_path: string | null;
  customer_live: boolean | null;
  unit_id: string | null;
  unit_customer: string | null;
  unit_model: string | null;
  unit_address: string | null;
  serial_no: string | null;
  model_id: string | null;
  line_id: string | null;
  model_name: string | null;
  address_id: string | null;
  province_code: string | null;
  city_code: string | null;
  district_code: string | null;
  detail: string | null;
  lat: number | null;
  lng: number | null;
  phone: string | null;
}

/** The facts of each ask, in the asks' order, in one statement. */
export async function orderFactsOf(db: DbLike, asks: OrderFactsAsk[]): Promise<ArchiveFacts[]> {
  if (asks.length === 0) return [];
  const asked = asks.map((a, n) => ({
    n,
    customer_id: a.customerId,
    unit_id: a.unitId,
    address_id: a.addressId,
    model_id: a.modelId,
  }));
  const res = await db.execute(sql`
    select i.n,
      c.id as customer_id, c.kind as customer_kind, c.name as customer_name, c.org_path as customer_path,
      (c.merged_into_id is null) as customer_live,
      u.id as unit_id, u.customer_id as unit_customer, u.model_id as unit_model, u.serial_no,
      u.address_id as unit_address,
      m.id as model_id, m.line_id, m.name as model_name,
      a.id as address_id, a.province_code, a.city_code, a.district_code, a.detail, a.lat, a.lng,
      (select p.number from customer_phones p where p.customer_id = c.id
        order by p.is_primary desc, p.created_at, p.number limit 1) as phone
    -- The limit tells the planner how few rows come (else it assumes 100 and scans the tables).
    from (select * from jsonb_to_recordset(${JSON.stringify(asked)}::jsonb)
      as i(n int, customer_id uuid, unit_id uuid, address_id uuid, model_id uuid) limit ${asked.length}) i
    left join customers c on c.id = i.customer_id
    left join units u on u.id = i.unit_id
    left join product_models m on m.id = case when i.unit_id is null then i.model_id else u.model_id end
    left join lateral (
      select a.id, a.province_code, a.city_code, a.district_code, a.detail, a.lat, a.lng
      from customer_addresses a
      where a.customer_id = c.id
        and (coalesce(i.address_id, u.address_id) is null or a.id = coalesce(i.address_id, u.address_id))
      order by a.is_primary desc, a.created_at
      limit 1
    ) a on true`);
  const rows = (res as { rows: Row[] }).rows;
  const byN = new Map(rows.map((r) => [Number(r.n), r]));
  return asks.map((_, n) => {
    const r = byN.get(n);
    if (!r) return { customer: null, unit: null, model: null, address: null, phone: null };
    return {
      customer:
        r.customer_id && r.customer_kind
          ? {
              id: r.customer_id,
              kind: r.customer_kind,
              name: r.customer_name ?? '',
              orgPath: r.customer_path ?? '',
              live: !!r.customer_live,
            }
          : null,
      unit: r.unit_id
        ? {
            id: r.unit_id,
            customerId: r.unit_customer!,
            modelId: r.unit_model,
            serialNo: r.serial_no,
            addressId: r.unit_address,
          }
        : null,
      model: r.model_id ? { id: r.model_id, lineId: r.line_id, name: r.model_name ?? '' } : null,
      address: r.address_id
        ? {
            id: r.address_id,
            provinceCode: r.province_code,
            cityCode: r.city_code,
            districtCode: r.district_code,
            detail: r.detail ?? '',
            lat: r.lat === null ? null : Number(r.lat),
            lng: r.lng === null ? null : Number(r.lng),
          }
        : null,
      phone: r.phone,
    };
  });
}
