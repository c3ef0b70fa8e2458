import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { customerAddresses, customers, productModels, units } from '../customers/index.js';

/*
 * Test factories for the intake tests: customers, models and units written straight into the
 * customers module's tables (phones and product lines by name: its index does not export them).
 */

let n = 0;
const next = () => {
  n += 1;
  return n;
};

export async function seedCustomer(
  db: DbLike,
  o: { name: string; phone?: string; orgPath: string; code?: string; kind?: 'individual' | 'business'; companyName?: string },
) {
  const i = next();
  const [c] = await db
    .insert(customers)
    .values({
      code: o.code ?? `C99${String(i).padStart(8, '0')}`,
      kind: o.kind ?? 'individual',
      name: o.name,
      companyName: o.companyName ?? null,
      orgPath: o.orgPath,
    })
    .returning();
  if (o.phone) {
    await db.execute(
      sql`insert into customer_phones (customer_id, number, kind, is_primary) values (${c!.id}::uuid, ${o.phone}, 'mobile', true)`,
    );
  }
  const [address] = await db
    .insert(customerAddresses)
    .values({ customerId: c!.id, provinceCode: '440000', cityCode: '440100', districtCode: '440106', detail: '天河路 1 号', isPrimary: true })
    .returning();
  return { ...c!, addressId: address!.id };
}

export async function seedModel(db: DbLike, code: string, name: string) {
  const res = await db.execute(
    sql`insert into product_lines (code, name, category) values (${`L-${code}`}, ${`${name}系列`}, 'washer') returning id`,
  );
  const lineId = (res as unknown as { rows: { id: string }[] }).rows[0]!.id;
  const [m] = await db.insert(productModels).values({ lineId, code, name }).returning();
  return m!;
}

export async function seedUnit(db: DbLike, o: { modelId: string; serialNo: string; customerId: string; orgPath: string }) {
  const [u] = await db
    .insert(units)
    .values({ modelId: o.modelId, serialNo: o.serialNo, customerId: o.customerId, usage: 'household', orgPath: o.orgPath })
    .returning();
  return u!;
}
