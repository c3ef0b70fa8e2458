import type { DbLike } from '../../db/client.js';
import {
  customerAddresses,
  customerPhones,
  customers,
  productLines,
  productModels,
  units,
} from '../customers/index.js';

/*
 * Test factories for the intake tests: customers, phones, lines, models and units written straight
 * into the customers module's tables, as its index exports them.
 */

let n = 0;
const next = () => {
  n += 1;
  return n;
};

export async function seedCustomer(
  db: DbLike,
  o: {
    name: string;
    phone?: string;
    orgPath: string;
    code?: string;
    kind?: 'individual' | 'business';
    companyName?: string;
  },
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
    await db.insert(customerPhones).values({ customerId: c!.id, number: o.phone, kind: 'mobile', isPrimary: true });
  }
  const [address] = await db
    .insert(customerAddresses)
    .values({
      customerId: c!.id,
      provinceCode: '440000',
      cityCode: '440100',
      districtCode: '440106',
      detail: '天河路 1 号',
      isPrimary: true,
    })
    .returning();
  return { ...c!, addressId: address!.id };
}

export async function seedModel(db: DbLike, code: string, name: string) {
  const [line] = await db
    .insert(productLines)
    .values({ code: `L-${code}`, name: `${name}系列`, category: 'washer' })
    .returning({ id: productLines.id });
  const lineId = line!.id;
  const [m] = await db.insert(productModels).values({ lineId, code, name }).returning();
  return m!;
}

export async function seedUnit(
  db: DbLike,
  o: { modelId: string; serialNo: string; customerId: string; orgPath: string },
) {
  const [u] = await db
    .insert(units)
    .values({
      modelId: o.modelId,
      serialNo: o.serialNo,
      customerId: o.customerId,
      usage: 'household',
      orgPath: o.orgPath,
    })
    .returning();
  return u!;
}
