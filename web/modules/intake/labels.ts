import type { MessageKey } from '../../i18n/index.js';
import type {
  ContactChannel,
  ContactClass,
  ContactStatus,
  RequestKind,
  RequestSource,
  RequestStatus,
} from './intake-api.js';

/** Message keys of the intake codes; one place so tables, tags and filters say the same. */
export const classKey = (c: ContactClass): MessageKey => `intake.class.${c}`;
export const channelKey = (c: ContactChannel): MessageKey => `intake.channel.${c}`;
export const contactStatusKey = (s: ContactStatus): MessageKey => `intake.contactStatus.${s}`;
export const requestStatusKey = (s: RequestStatus): MessageKey => `intake.requestStatus.${s}`;
export const requestKindKey = (k: RequestKind): MessageKey => `intake.class.${k}`;
export const sourceKey = (s: RequestSource): MessageKey => `intake.source.${s}`;

export const CONTACT_STATUS_COLOR: Record<ContactStatus, string> = {
  open: 'blue',
  answered: 'green',
  escalated: 'orange',
  closed: 'default',
};
export const REQUEST_STATUS_COLOR: Record<RequestStatus, string> = {
  new: 'blue',
  accepted: 'cyan',
  converted: 'green',
  cancelled: 'default',
};
export const CLASS_COLOR: Record<ContactClass, string> = {
  consultation: 'geekblue',
  repair: 'volcano',
  installation: 'purple',
  maintenance: 'cyan',
  complaint: 'red',
  urging: 'gold',
  suggestion: 'green',
};
