/*
 * The route optimiser's input and output. Times are minutes on one axis the caller chooses (e.g.
 * minutes since the plan day's midnight in the company's time zone); the core never reads a clock
 * for them. Ids are the caller's; the solver keeps them opaque.
 */

/** A point: planar coordinates (benchmarks, tests) or latitude/longitude in degrees. */
export type Location = { readonly x: number; readonly y: number } | { readonly lat: number; readonly lng: number };

/**
 * How travel times come from coordinates.
 * - `great-circle`: haversine kilometres × roadFactor (roads are longer than the crow flies), at speedKmh;
 *   with `far`, the road beyond `far.beyondKm` of a leg at `far.speedKmh` (out of town: the far zone's
 *   roads are faster than the city's).
 * - `euclidean`: planar distance in the coordinates' unit, one unit per minute; `decimals: 1` truncates
 *   each arc to one decimal (the DIMACS 2021 VRPTW convention), otherwise the exact double.
 * - `matrix`: given minutes (e.g. a road router's table): from a to b is minutes[i][j], where points[i]
 *   and points[j] have a's and b's coordinates. Every location of the problem must be among the points
 *   (the model refuses to build otherwise).
 */
export type TravelConfig =
  | {
      readonly kind: 'great-circle';
      readonly roadFactor: number;
      readonly speedKmh: number;
      readonly far?: { readonly beyondKm: number; readonly speedKmh: number };
    }
  | { readonly kind: 'euclidean'; readonly decimals?: 1 }
  | {
      readonly kind: 'matrix';
      readonly points: readonly Location[];
      readonly minutes: readonly (readonly number[])[];
    };

export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

export interface Certification {
  readonly code: string;
  /** Valid until this time (exclusive of any work ending after it); absent = no expiry. */
  readonly expiresAt?: number;
}

export interface Vehicle {
  readonly id: string;
  /** When the technician may leave the start location and must be back at the end location. */
  readonly shift: TimeWindow;
  /** Lunch: `duration` minutes starting within [earliestStart, latestStart]; taken when the route has jobs. */
  readonly break?: { readonly earliestStart: number; readonly latestStart: number; readonly duration: number };
  readonly start: Location;
  readonly end: Location;
  readonly certifications?: readonly Certification[];
  /** At most this many jobs, this many demand units, this many minutes of service. */
  readonly capacity?: { readonly jobs?: number; readonly units?: number; readonly workMinutes?: number };
  /** Part code → quantity in the van. */
  readonly stock?: Readonly<Record<string, number>>;
  /**
   * Leaves from the outlet and may take parts from its stock (`Problem.depotStock`) before leaving:
   * what the route's visits need beyond the van's stock comes from there.
   */
  readonly depotAccess?: boolean;
}

export interface Job {
  readonly id: string;
  readonly location: Location;
  /** Hard: the visit starts within it (the window promised to the customer). */
  readonly window: TimeWindow;
  /** Soft: a start after this counts as lateness in the objective (minutes late), not as infeasible. */
  readonly softEnd?: number;
  /** Minutes on site. */
  readonly duration: number;
  /** Demand units against `capacity.units` (default 1). */
  readonly demand?: number;
  readonly certification?: string;
  /** Part code → quantity the visit consumes from the van. */
  readonly parts?: Readonly<Record<string, number>>;
  /** Weight of leaving it unassigned; higher first (default 1). */
  readonly priority?: number;
  /** Already confirmed: this technician, and when given, this start time. */
  readonly pinned?: { readonly vehicleId: string; readonly start?: number };
}

export interface Problem {
  readonly vehicles: readonly Vehicle[];
  readonly jobs: readonly Job[];
  readonly travel: TravelConfig;
  /**
   * The outlet's stock (part code → quantity), shared by the technicians with `depotAccess`: the parts
   * all routes take from it together (each route's need beyond its own van, per part) stay within it.
   */
  readonly depotStock?: Readonly<Record<string, number>>;
  /** Objective weight of one minute of lateness against a soft window, in travel minutes (default 10). */
  readonly latenessWeight?: number;
}

export interface SolveOptions {
  readonly timeLimitMs: number;
  readonly seed: number;
  /** Stop after this many iterations as well; with a limit the time does not bind, results are reproducible. */
  readonly maxIterations?: number;
  /** Use as few technicians as possible before minimising travel (the hierarchical VRPTW objective). */
  readonly minimiseVehicles?: boolean;
  /** Descend with the local search from every new best plan (default true). */
  readonly localSearch?: boolean;
  /** Milliseconds since some origin; defaults to performance.now. Only the time limit reads it. */
  readonly clock?: () => number;
}

export interface Stop {
  readonly jobId: string;
  readonly arrival: number;
  readonly start: number;
  readonly end: number;
}

export interface Route {
  readonly vehicleId: string;
  /** When the technician leaves the start location. */
  readonly departure: number;
  readonly stops: readonly Stop[];
  readonly break?: { readonly start: number; readonly end: number };
  /** Back at the end location. */
  readonly returnAt: number;
  readonly travelTime: number;
}

export interface Solution {
  readonly routes: readonly Route[];
  readonly unassigned: readonly string[];
  readonly cost: {
    readonly unassigned: number;
    /** Sum of the unassigned jobs' priorities. */
    readonly unassignedPriority: number;
    readonly lateness: number;
    readonly travelTime: number;
    readonly vehicles: number;
  };
  readonly iterations: number;
}
