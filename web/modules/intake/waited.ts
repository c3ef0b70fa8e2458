/** How long something has waited, in the coarsest unit that reads well: "45 min", "3 h 10 min", "2 d 4 h". */
export function waitedParts(fromIso: string, now: number): { d: number; h: number; m: number } {
  const total = Math.max(0, Math.floor((now - new Date(fromIso).getTime()) / 60_000));
  return { d: Math.floor(total / 1440), h: Math.floor((total % 1440) / 60), m: total % 60 };
}
