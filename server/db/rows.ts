/**
 * The rows of a raw `db.execute(sql`…`)`, typed by the caller. Both drivers answer such a query
 * with `{ rows }` (PGlite and node-postgres); a bare array is accepted too, so the one cast lives
 * here rather than as `as unknown as { rows }` at every call. The type names what the statement
 * selects; nothing checks it at run time, so keep it beside the statement it describes.
 */
export function rowsOf<T>(res: unknown): T[] {
  if (Array.isArray(res)) return res as T[];
  return ((res as { rows?: T[] }).rows ?? []) as T[];
}
