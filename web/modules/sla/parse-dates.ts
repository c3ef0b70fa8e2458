/**
 * Dates pasted from an announcement: '2027-02-06', '2027/2/6', '2027年2月6日', and ranges joined by
 * 至, ~, ～ or – ('2027年2月6日至12日' keeps the year and month of the first date). Sorted, unique.
 */
export function parseDates(text: string): string[] {
  const out = new Set<string>();
  const day = String.raw`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?`;
  const tail = String.raw`(?:\s*(?:至|~|～|–|—)\s*(?:(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*)?(\d{1,2})\s*日?)?`;
  const re = new RegExp(day + tail, 'g');
  for (const m of text.matchAll(re)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const start = Date.UTC(y, mo - 1, d);
    if (!valid(y, mo, d)) continue;
    let end = start;
    if (m[6]) {
      const y2 = m[4] ? Number(m[4]) : y;
      const mo2 = m[5] ? Number(m[5]) : mo;
      const d2 = Number(m[6]);
      if (valid(y2, mo2, d2)) end = Date.UTC(y2, mo2 - 1, d2);
    }
    // A range longer than two months is a typo, not a holiday.
    if (end < start || end - start > 62 * 86_400_000) end = start;
    for (let t = start; t <= end; t += 86_400_000) out.add(new Date(t).toISOString().slice(0, 10));
  }
  return [...out].sort();
}

function valid(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
