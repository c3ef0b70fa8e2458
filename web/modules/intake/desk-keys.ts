import { RequestKind } from '../../../server/modules/intake/contract.js';
import type { ContactClass } from './intake-api.js';

/*
 * The desk's keyboard: Alt+1…7 picks the contact class in the order agents learn them (seed 004:
 * 咨询, 报修, 安装, 保养, 投诉, 催单, 建议), Ctrl+Enter saves, Ctrl+Shift+Enter makes the
 * repair/installation/maintenance call an order at once (直接建服务单), F2 goes back to the search
 * box, Alt+N starts a new customer. Pure, so the mapping is tested without a browser.
 */

export const CLASS_ORDER: readonly ContactClass[] = [
  'consultation',
  'repair',
  'installation',
  'maintenance',
  'complaint',
  'urging',
  'suggestion',
];

/** The classes that open a service request with the contact: the request kinds of the contract. */
export const REQUEST_CLASSES: readonly ContactClass[] = RequestKind.options;

export function needsRequest(cls: ContactClass | undefined): cls is (typeof RequestKind.options)[number] {
  return !!cls && REQUEST_CLASSES.includes(cls);
}

/** "Alt+3" for a class, as shown beside its button. */
export function classHint(cls: ContactClass): string {
  return `Alt+${CLASS_ORDER.indexOf(cls) + 1}`;
}

export interface KeyLike {
  key: string;
  /** Physical key: Alt+digit types other characters on macOS and some layouts, the code does not change. */
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

export type DeskCommand =
  | { type: 'class'; value: ContactClass }
  | { type: 'save' }
  | { type: 'order' }
  | { type: 'search' }
  | { type: 'newCustomer' };

function digitOf(e: KeyLike): number | null {
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code) ?? /^([1-9])$/.exec(e.key);
  return m ? Number(m[1]) : null;
}

/** What a key press means on the desk, or null for ordinary typing. */
export function deskCommand(e: KeyLike): DeskCommand | null {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key === 'Enter') return { type: e.shiftKey ? 'order' : 'save' };
  if (e.key === 'F2' && !e.altKey && !e.ctrlKey && !e.metaKey) return { type: 'search' };
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  if (e.code === 'KeyN' || e.key.toLowerCase() === 'n') return { type: 'newCustomer' };
  const d = digitOf(e);
  if (d === null || d > CLASS_ORDER.length) return null;
  return { type: 'class', value: CLASS_ORDER[d - 1]! };
}

/** The card highlighted after an arrow key: stays within the list, -1 when the list is empty. */
export function moveIndex(current: number, delta: number, length: number): number {
  if (length <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + delta));
}

/** Whether the search text is worth a lookup: two characters (a two-character name) or more. */
export function lookupText(raw: string): string | null {
  const q = raw.trim();
  return q.length >= 2 ? q.slice(0, 60) : null;
}
