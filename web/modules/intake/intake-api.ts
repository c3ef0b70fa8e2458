import type {
  Contact,
  ContactCreate,
  CustomerCard,
  LookupResult,
  RequestCreate,
  ServiceRequest,
} from '../../../server/modules/intake/contract.js';

export type { CallerIdEvent } from '../../../server/modules/intake/contract.js';
export type { Contact, ContactCreate, CustomerCard, LookupResult, RequestCreate, ServiceRequest };

export const LOOKUP_URL = '/api/intake/lookup';
export const CONTACTS_URL = '/api/intake/contacts';
export const REQUESTS_URL = '/api/intake/requests';
export const QUEUE_URL = '/api/intake/queue';
export const EVENTS_URL = '/api/intake/events';

export type ContactClass = Contact['class'];
export type ContactChannel = Contact['channel'];
export type ContactStatus = Contact['status'];
export type RequestKind = ServiceRequest['kind'];
export type RequestStatus = ServiceRequest['status'];
export type RequestSource = ServiceRequest['source'];
export type CardUnit = CustomerCard['units'][number];

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const CONTACT_CHANNELS: readonly ContactChannel[] = ['phone', 'email', 'web', 'wechat', 'letter', 'walk_in'];
export const CONTACT_STATUSES: readonly ContactStatus[] = ['open', 'answered', 'escalated', 'closed'];
export const REQUEST_KINDS: readonly RequestKind[] = ['repair', 'installation', 'maintenance'];
export const REQUEST_STATUSES: readonly RequestStatus[] = ['new', 'accepted', 'converted', 'cancelled'];
