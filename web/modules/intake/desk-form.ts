import type { Dayjs } from 'dayjs';
import { type CreateForm, serviceTypeOfRequest } from '../work-orders/order-rules.js';
import { divisionCodes } from './division-codes.js';
import { needsRequest } from './desk-keys.js';
import type { ContactChannel, ContactClass, ContactCreate, RequestCreate } from './intake-api.js';

export type Handling = 'answer' | 'escalate';

export interface NewCustomerValues {
  kind: 'individual' | 'business';
  name: string;
  companyName?: string;
  phone: string;
  address?: { area?: string[]; detail?: string };
}

/** What the desk's form holds. */
export interface DeskValues {
  channel: ContactChannel;
  direction: 'inbound' | 'outbound';
  class: ContactClass;
  unitId?: string;
  content: string;
  orderRef?: string;
  handling: Handling;
  answer?: string;
  escalateNote?: string;
  symptoms?: string;
  preferred?: [Dayjs | null, Dayjs | null] | null;
  preferredNote?: string;
  /** Model and serial of a product not on file (no unit chosen). */
  modelId?: string;
  serialNo?: string;
  /** An address of the chosen customer; 'new' for the new customer's own. */
  addressId?: string;
  newCustomer?: NewCustomerValues;
}

function text(v: string | undefined | null): string | undefined {
  const s = v?.trim();
  return s ? s : undefined;
}

/** The body of POST /api/intake/contacts for the form, a chosen customer or a new one, and the call span. */
export function contactBody(
  v: DeskValues,
  who: { customerId: string | null; creating: boolean; from?: string | null },
  span: { startedAt: string; endedAt: string },
): ContactCreate {
  const body: ContactCreate = {
    channel: v.channel,
    direction: v.direction,
    class: v.class,
    content: v.content.trim(),
    ...span,
  };
  if (who.creating && v.newCustomer) {
    const n = v.newCustomer;
    const area = n.address?.area ?? [];
    const detail = text(n.address?.detail);
    body.newCustomer = {
      kind: n.kind,
      name: n.name.trim(),
      companyName: n.kind === 'business' ? (text(n.companyName) ?? null) : null,
      phone: n.phone.trim(),
      ...(area.length || detail ? { address: { ...divisionCodes(area), detail: detail ?? '' } } : {}),
    };
  } else if (who.customerId) {
    body.customerId = who.customerId;
  }
  if (v.unitId && !who.creating) body.unitId = v.unitId;
  if (v.class === 'consultation' && v.handling === 'answer' && text(v.answer)) body.answer = text(v.answer);
  if (v.class === 'urging' && text(v.orderRef)) body.orderRef = text(v.orderRef);
  // The caller's number (from caller ID or the search box) is where the contact came from.
  if (who.from) body.fromAddress = who.from;
  return body;
}

/** The body of POST /api/intake/requests that goes with a saved repair/installation/maintenance contact. */
export function requestBody(
  v: DeskValues,
  ids: { customerId: string; contactId: string; addressId: string | null; unitId: string | null },
): RequestCreate | null {
  if (!needsRequest(v.class)) return null;
  const [from, to] = v.preferred ?? [];
  return {
    kind: v.class,
    customerId: ids.customerId,
    contactId: ids.contactId,
    symptoms: text(v.symptoms) ?? v.content.trim(),
    ...(ids.unitId
      ? { unitId: ids.unitId }
      : { ...(v.modelId ? { modelId: v.modelId } : {}), ...(text(v.serialNo) ? { serialNo: text(v.serialNo) } : {}) }),
    ...(ids.addressId ? { addressId: ids.addressId } : {}),
    ...(from ? { preferredFrom: from.toISOString() } : {}),
    ...(to ? { preferredTo: to.toISOString() } : {}),
    ...(text(v.preferredNote) ? { preferredNote: text(v.preferredNote) } : {}),
  };
}

/**
 * Why the call cannot become an order from the desk in one step, or null when it can: an order
 * made directly needs a customer on file (POST /api/orders takes no new customer) and the unit
 * (its model, serial and warranty); a preferred time has no place on an order (the outlet books
 * the visit with the customer), so a call that gives one goes as a service request for review.
 */
export type DirectOrderBlock = 'class' | 'customer' | 'unit' | 'preferred';

export function directOrderBlock(v: Partial<DeskValues>, who: { customerId: string | null }): DirectOrderBlock | null {
  if (!needsRequest(v.class)) return 'class';
  if (!who.customerId) return 'customer';
  if (!v.unitId) return 'unit';
  const [from, to] = v.preferred ?? [];
  if (from || to || text(v.preferredNote)) return 'preferred';
  return null;
}

/**
 * The order a repair/installation/maintenance call becomes on the desk, in the order form's terms
 * (order-rules.ts, createBody builds the body): the class gives the service type as a request's
 * kind would, the symptoms (else what the caller said) the fault, and the saved contact the link.
 */
export function deskOrderForm(
  v: DeskValues,
  ids: { customerId: string; contactId: string; addressId: string | null },
): CreateForm {
  return {
    serviceType: serviceTypeOfRequest(v.class),
    customerId: ids.customerId,
    ...(v.unitId ? { unitId: v.unitId } : {}),
    ...(ids.addressId ? { addressId: ids.addressId } : {}),
    faultDescription: text(v.symptoms) ?? v.content.trim(),
    contactId: ids.contactId,
  };
}

/** The order's field names as the desk shows them: its fault is the symptoms, its type the class. */
export function orderFieldToDesk(path: string): string {
  return path.replace(/(^|\.)faultDescription$/, '$1symptoms').replace(/(^|\.)serviceType$/, '$1class');
}
