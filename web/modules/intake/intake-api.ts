import type {
  Contact,
  ContactCreate,
  CustomerCard,
  LookupResult,
  RequestCreate,
  ServiceRequest,
} from '../../../server/modules/intake/contract.js';

import {
  ContactChannel as ContactChannelEnum,
  ContactStatus as ContactStatusEnum,
  RequestKind as RequestKindEnum,
  RequestStatus as RequestStatusEnum,
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

// The contract's enums, so a value the server adds shows up here without restating the list.
export const CONTACT_CHANNELS: readonly ContactChannel[] = ContactChannelEnum.options;
export const CONTACT_STATUSES: readonly ContactStatus[] = ContactStatusEnum.options;
export const REQUEST_KINDS: readonly RequestKind[] = RequestKindEnum.options;
export const REQUEST_STATUSES: readonly RequestStatus[] = RequestStatusEnum.options;
