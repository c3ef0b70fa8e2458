import type { Problem, TravelConfig } from './problem.js';

/*
 * Reads a Solomon / Gehring–Homberger VRPTW instance (the usual text format; CRLF, ragged column
 * spacing, split on whitespace) into a Problem: every vehicle starts and ends at the depot with the
 * depot's window as its shift, capacity in demand units, due dates as the latest service start.
 */
export interface SolomonInstance {
  readonly name: string;
  readonly vehicles: number;
  readonly capacity: number;
  readonly nodes: readonly {
    readonly x: number;
    readonly y: number;
    readonly demand: number;
    readonly ready: number;
    readonly due: number;
    readonly service: number;
  }[];
}

export function parseSolomon(text: string): SolomonInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const name = lines.find((l) => l.length > 0) ?? '';
  let vehicles = 0;
  let capacity = 0;
  const nodes: { x: number; y: number; demand: number; ready: number; due: number; service: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const f = lines[i]!.split(/\s+/).filter((s) => s.length > 0);
    if (/^NUMBER/i.test(lines[i]!)) {
      const g = (lines[i + 1] ?? '').split(/\s+/).filter((s) => s.length > 0);
      vehicles = Number(g[0]);
      capacity = Number(g[1]);
      i++;
      continue;
    }
    if (f.length === 7 && f.every((s) => /^-?\d+(\.\d+)?$/.test(s))) {
      const [, x, y, demand, ready, due, service] = f.map(Number) as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      nodes.push({ x, y, demand, ready, due, service });
    }
  }
  if (nodes.length < 2 || !(vehicles > 0) || !(capacity > 0)) throw new Error(`not a Solomon instance: ${name}`);
  return { name, vehicles, capacity, nodes };
}

/** The instance as a Problem with `fleet` vehicles (default the instance's own). */
export function solomonProblem(inst: SolomonInstance, travel: TravelConfig, fleet = inst.vehicles): Problem {
  const depot = inst.nodes[0]!;
  const at = { x: depot.x, y: depot.y };
  return {
    travel,
    vehicles: Array.from({ length: fleet }, (_, k) => ({
      id: `v${k + 1}`,
      shift: { start: depot.ready, end: depot.due },
      start: at,
      end: at,
      capacity: { units: inst.capacity },
    })),
    jobs: inst.nodes.slice(1).map((n, k) => ({
      id: String(k + 1),
      location: { x: n.x, y: n.y },
      window: { start: n.ready, end: n.due },
      duration: n.service,
      demand: n.demand,
    })),
  };
}
