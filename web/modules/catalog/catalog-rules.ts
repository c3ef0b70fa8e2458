/** Catalog codes as the server accepts them (stored upper-case). */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

export interface BomRow {
  partId: string;
  code: string;
  name: string;
  quantity: number;
  isMain: boolean;
  active?: boolean;
}

/** The rows as PUT …/bom items: one per part (quantities of a repeated part add up, main if any is). */
export function bomItems(rows: readonly BomRow[]): { partId: string; quantity: number; isMain: boolean }[] {
  const byPart = new Map<string, { partId: string; quantity: number; isMain: boolean }>();
  for (const r of rows) {
    const q = Math.max(1, Math.min(9999, Math.round(r.quantity || 1)));
    const seen = byPart.get(r.partId);
    if (seen) {
      seen.quantity = Math.min(9999, seen.quantity + q);
      seen.isMain ||= r.isMain;
    } else byPart.set(r.partId, { partId: r.partId, quantity: q, isMain: r.isMain });
  }
  return [...byPart.values()];
}

/** Whether the edited list differs from the saved one (order ignored). */
export function bomChanged(saved: readonly BomRow[], edited: readonly BomRow[]): boolean {
  const key = (rows: readonly BomRow[]) =>
    JSON.stringify(bomItems(rows).sort((a, b) => a.partId.localeCompare(b.partId)));
  return key(saved) !== key(edited);
}
