import { z } from 'zod';

/**
 * Every list the API answers has one shape: an object with `items` and `total` (how many match),
 * never a bare array, so a client reads every list the same way and a list can gain paging or
 * summary fields later without breaking its readers. Lists that page add `page` and `pageSize`
 * (offset paging) or a cursor (keyset paging). docs/architecture.md, "Lists".
 */
export const List = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

/** A list paged by page number. */
export const Page = <T extends z.ZodType>(item: T) =>
  List(item).extend({ page: z.number().int(), pageSize: z.number().int() });

/**
 * A list paged by a cursor (keyset paging, for lists that grow while being read): `total` counts
 * what matches the filters, up to 10 000; `totalCapped` says there are more.
 */
export const KeysetPage = <T extends z.ZodType>(item: T) =>
  List(item).extend({ totalCapped: z.boolean().describe('True when more match than `total` counts (10,000)') });

/** The answer for a list read whole: every item, and their number. */
export function listOf<T>(items: T[]): { items: T[]; total: number } {
  return { items, total: items.length };
}
