import dayjs, { type Dayjs } from 'dayjs';
import type { UnitCreate, UnitDetail } from '../../../server/modules/customers/units/contract.js';
import { fenToYuan, yuanToFen } from '../warranty/warranty-rules.js';

export interface UnitFormValues {
  modelId: string;
  serialNo: string;
  usage: 'household' | 'commercial';
  purchaseDate?: Dayjs | null;
  invoiceNo?: string | null;
  invoiceDate?: Dayjs | null;
  /** Yuan as typed; sent as fen. */
  purchasePriceYuan?: number | null;
  sellerChannel?: string | null;
  installedOn?: Dayjs | null;
  acceptedOn?: Dayjs | null;
  addressId?: string | null;
  location?: string | null;
}

export const DATE_FIELDS = ['purchaseDate', 'invoiceDate', 'installedOn', 'acceptedOn'] as const;

export function isoDate(d: Dayjs | null | undefined): string | null {
  return d?.isValid() ? d.format('YYYY-MM-DD') : null;
}

function text(v: string | null | undefined): string | null {
  const s = v?.trim();
  return s ? s : null;
}

/** Form values as the unit fields of POST/PATCH /api/units (dates as YYYY-MM-DD, blanks as null). */
export function unitFields(v: UnitFormValues): Omit<UnitCreate, 'customerId'> {
  return {
    modelId: v.modelId,
    serialNo: v.serialNo.trim(),
    usage: v.usage,
    purchaseDate: isoDate(v.purchaseDate),
    invoiceNo: text(v.invoiceNo),
    invoiceDate: isoDate(v.invoiceDate),
    purchasePriceFen: yuanToFen(v.purchasePriceYuan),
    sellerChannel: text(v.sellerChannel),
    installedOn: isoDate(v.installedOn),
    acceptedOn: isoDate(v.acceptedOn),
    addressId: v.addressId || null,
    location: text(v.location),
  };
}

export function unitFormValues(u: UnitDetail): UnitFormValues {
  const d = (s: string | null) => (s ? dayjs(s) : null);
  return {
    modelId: u.model.id,
    serialNo: u.serialNo,
    usage: u.usage,
    purchaseDate: d(u.purchaseDate),
    invoiceNo: u.invoiceNo,
    invoiceDate: d(u.invoiceDate),
    purchasePriceYuan: fenToYuan(u.purchasePriceFen),
    sellerChannel: u.sellerChannel,
    installedOn: d(u.installedOn),
    acceptedOn: d(u.acceptedOn),
    addressId: u.address?.id ?? null,
    location: u.location,
  };
}

/** A date after today cannot be a purchase, invoice, installation or acceptance date. */
export function isFutureDate(d: Dayjs): boolean {
  return d.isAfter(dayjs(), 'day');
}
