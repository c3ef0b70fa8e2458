import { endLoc, type Model, startLoc } from './model.js';

/*
 * The routes being searched and their time-window maths. Each route keeps, for every cut point i,
 * the segment before it (start location + its first i nodes) and after it (nodes i.. + the end
 * location), summarised as in Vidal et al. (2013): duration D, time warp TW, earliest start E,
 * latest start L, travel C. Joining two summaries is O(1), so "insert job u at i" is judged by
 * join(prefix i, u, suffix i) without walking the route. Feasible means no time warp: the earliest
 * schedule meets every window, the shift and the break.
 *
 * The lunch break has no place of its own: it is taken where the technician is after the previous
 * stop, before travelling on. So a suffix that starts with the break is never joined as stored; the
 * node on its left is joined to the break and then travels to the suffix's first real location.
 */

const EPS = 1e-7;

// The result of the last join (module scope: the hot loop allocates nothing).
let gD = 0;
let gTW = 0;
let gE = 0;
let gL = 0;
let gC = 0;

function join(
  D1: number,
  TW1: number,
  E1: number,
  L1: number,
  C1: number,
  t: number,
  D2: number,
  TW2: number,
  E2: number,
  L2: number,
  C2: number,
): void {
  const delta = D1 - TW1 + t;
  const wait = Math.max(E2 - delta - L1, 0);
  const warp = Math.max(E1 + delta - L2, 0);
  gD = D1 + D2 + t + wait;
  gTW = TW1 + TW2 + warp;
  gE = Math.max(E2 - delta, E1) - wait;
  gL = Math.min(L2 - delta, L1) + warp;
  gC = C1 + C2 + t;
}

export class Routes {
  readonly m: Model;
  /** Slots per route: every job could be in one route, plus the break. */
  readonly S: number;
  readonly seq: Int32Array;
  readonly len: Int32Array;
  readonly jobs: Int32Array;
  readonly units: Float64Array;
  readonly work: Float64Array;
  readonly partUse: Float64Array;
  /** Per part: what all routes together take from the outlet (each route's need beyond its van). */
  readonly depotUse: Float64Array;
  /** Travel (and lateness) cost of each route; 0 when it has no jobs. */
  readonly cost: Float64Array;
  readonly lateness: Float64Array;
  /** Route of each job, -1 when unassigned, and its position in the route's sequence. */
  readonly routeOf: Int32Array;
  readonly posOf: Int32Array;
  /** Position of each route's break in its sequence, -1 without one. */
  readonly breakAt: Int32Array;
  private readonly pD: Float64Array;
  private readonly pTW: Float64Array;
  private readonly pE: Float64Array;
  private readonly pL: Float64Array;
  private readonly pC: Float64Array;
  private readonly pLoc: Int32Array;
  private readonly sD: Float64Array;
  private readonly sTW: Float64Array;
  private readonly sE: Float64Array;
  private readonly sL: Float64Array;
  private readonly sC: Float64Array;
  private readonly sLoc: Int32Array;

  constructor(m: Model) {
    this.m = m;
    this.S = m.J + 2;
    const n = m.V * this.S;
    this.seq = new Int32Array(n);
    this.len = new Int32Array(m.V);
    this.jobs = new Int32Array(m.V);
    this.units = new Float64Array(m.V);
    this.work = new Float64Array(m.V);
    this.partUse = new Float64Array(m.V * m.P);
    this.depotUse = new Float64Array(m.P);
    this.cost = new Float64Array(m.V);
    this.lateness = new Float64Array(m.V);
    this.routeOf = new Int32Array(m.J).fill(-1);
    this.posOf = new Int32Array(m.J);
    this.breakAt = new Int32Array(m.V).fill(-1);
    this.pD = new Float64Array(n);
    this.pTW = new Float64Array(n);
    this.pE = new Float64Array(n);
    this.pL = new Float64Array(n);
    this.pC = new Float64Array(n);
    this.pLoc = new Int32Array(n);
    this.sD = new Float64Array(n);
    this.sTW = new Float64Array(n);
    this.sE = new Float64Array(n);
    this.sL = new Float64Array(n);
    this.sC = new Float64Array(n);
    this.sLoc = new Int32Array(n);
    for (let v = 0; v < m.V; v++) {
      if (m.hasBreak[v]) {
        this.seq[v * this.S] = m.J + v;
        this.len[v] = 1;
      }
      this.refresh(v);
    }
  }

  /** Copies another state's routes (same model) into this one. */
  copyFrom(o: Routes): void {
    this.seq.set(o.seq);
    this.len.set(o.len);
    this.routeOf.set(o.routeOf);
    for (let v = 0; v < this.m.V; v++) this.refresh(v);
  }

  /** Copies route v's sequence from another state and recomputes it. */
  copyRoute(o: Routes, v: number): void {
    const base = v * this.S;
    for (let i = 0; i < this.len[v]!; i++) {
      const x = this.seq[base + i]!;
      if (x < this.m.J && this.routeOf[x] === v) this.routeOf[x] = -1;
    }
    const n = o.len[v]!;
    this.seq.set(o.seq.subarray(base, base + n), base);
    this.len[v] = n;
    for (let i = 0; i < n; i++) {
      const x = this.seq[base + i]!;
      if (x < this.m.J) this.routeOf[x] = v;
    }
    this.refresh(v);
  }

  /** Recomputes route v's prefix and suffix summaries, loads and cost after its sequence changed. */
  refresh(v: number): void {
    const m = this.m;
    const J = m.J;
    const base = v * this.S;
    const n = this.len[v]!;
    const time = m.time;
    const L = m.L;
    // Prefix 0: the start location, leaving within the shift.
    this.pD[base] = 0;
    this.pTW[base] = 0;
    this.pE[base] = m.shiftStart[v]!;
    this.pL[base] = m.shiftEnd[v]!;
    this.pC[base] = 0;
    this.pLoc[base] = startLoc(m, v);
    let jobs = 0;
    let units = 0;
    let work = 0;
    this.breakAt[v] = -1;
    for (let i = 0; i < n; i++) {
      const x = this.seq[base + i]!;
      const a = base + i;
      const lx = m.loc[x]!;
      const t = lx < 0 ? 0 : time[this.pLoc[a]! * L + lx]!;
      join(
        this.pD[a]!,
        this.pTW[a]!,
        this.pE[a]!,
        this.pL[a]!,
        this.pC[a]!,
        t,
        m.service[x]!,
        0,
        m.early[x]!,
        m.late[x]!,
        0,
      );
      this.pD[a + 1] = gD;
      this.pTW[a + 1] = gTW;
      this.pE[a + 1] = gE;
      this.pL[a + 1] = gL;
      this.pC[a + 1] = gC;
      this.pLoc[a + 1] = lx < 0 ? this.pLoc[a]! : lx;
      if (x < J) {
        jobs++;
        units += m.demand[x]!;
        work += m.service[x]!;
        this.routeOf[x] = v;
        this.posOf[x] = i;
      } else {
        this.breakAt[v] = i;
      }
    }
    // Suffix n: the end location, reached within the shift.
    const e = base + n;
    this.sD[e] = 0;
    this.sTW[e] = 0;
    this.sE[e] = m.shiftStart[v]!;
    this.sL[e] = m.shiftEnd[v]!;
    this.sC[e] = 0;
    this.sLoc[e] = endLoc(m, v);
    for (let i = n - 1; i >= 0; i--) {
      const x = this.seq[base + i]!;
      const a = base + i;
      const lx = m.loc[x]!;
      if (lx < 0) {
        // Stored for its first location only; never joined as is (see the header).
        this.sLoc[a] = this.sLoc[a + 1]!;
        continue;
      }
      if (i + 1 < n && m.loc[this.seq[a + 1]!]! < 0) {
        const b = this.seq[a + 1]!;
        join(m.service[x]!, 0, m.early[x]!, m.late[x]!, 0, 0, m.service[b]!, 0, m.early[b]!, m.late[b]!, 0);
        join(
          gD,
          gTW,
          gE,
          gL,
          gC,
          time[lx * L + this.sLoc[a + 2]!]!,
          this.sD[a + 2]!,
          this.sTW[a + 2]!,
          this.sE[a + 2]!,
          this.sL[a + 2]!,
          this.sC[a + 2]!,
        );
      } else {
        join(
          m.service[x]!,
          0,
          m.early[x]!,
          m.late[x]!,
          0,
          time[lx * L + this.sLoc[a + 1]!]!,
          this.sD[a + 1]!,
          this.sTW[a + 1]!,
          this.sE[a + 1]!,
          this.sL[a + 1]!,
          this.sC[a + 1]!,
        );
      }
      this.sD[a] = gD;
      this.sTW[a] = gTW;
      this.sE[a] = gE;
      this.sL[a] = gL;
      this.sC[a] = gC;
      this.sLoc[a] = lx;
    }
    this.jobs[v] = jobs;
    this.units[v] = units;
    this.work[v] = work;
    if (m.P > 0) {
      const pu = v * m.P;
      // The outlet's running total: take out this route's old draw, add its new one.
      if (m.depotAccess[v]) for (let p = 0; p < m.P; p++) this.depotUse[p]! -= this.depotDraw(v, p);
      this.partUse.fill(0, pu, pu + m.P);
      for (let i = 0; i < n; i++) {
        const x = this.seq[base + i]!;
        if (x >= J) continue;
        for (let k = m.jobPartsStart[x]!; k < m.jobPartsStart[x + 1]!; k++) {
          this.partUse[pu + m.jobParts[2 * k]!]! += m.jobParts[2 * k + 1]!;
        }
      }
      if (m.depotAccess[v]) for (let p = 0; p < m.P; p++) this.depotUse[p]! += this.depotDraw(v, p);
    }
    join(
      this.pD[e]!,
      this.pTW[e]!,
      this.pE[e]!,
      this.pL[e]!,
      this.pC[e]!,
      time[this.pLoc[e]! * L + endLoc(m, v)]!,
      0,
      0,
      m.shiftStart[v]!,
      m.shiftEnd[v]!,
      0,
    );
    const late = m.hasSoft && jobs > 0 ? this.simulateLateness(v, -1, -1) : 0;
    this.lateness[v] = late;
    this.cost[v] = jobs > 0 ? gC + m.latenessWeight * late : 0;
  }

  /** Whether job u fits route v's loads (count, units, service minutes, parts). */
  fits(v: number, u: number): boolean {
    const m = this.m;
    if (this.jobs[v]! + 1 > m.capJobs[v]!) return false;
    if (this.units[v]! + m.demand[u]! > m.capUnits[v]! + EPS) return false;
    if (this.work[v]! + m.service[u]! > m.capWork[v]! + EPS) return false;
    const outlet = m.depotAccess[v] === 1;
    for (let k = m.jobPartsStart[u]!; k < m.jobPartsStart[u + 1]!; k++) {
      const p = m.jobParts[2 * k]!;
      const use = this.partUse[v * m.P + p]!;
      const need = use + m.jobParts[2 * k + 1]!;
      const van = m.stock[v * m.P + p]!;
      if (need <= van + EPS) continue;
      if (!outlet) return false;
      // More from the outlet: this route's draw grows from max(0, use − van) to need − van.
      const more = need - van - Math.max(0, use - van);
      if (this.depotUse[p]! + more > m.depotStock[p]! + EPS) return false;
    }
    return true;
  }

  /** What route v takes from the outlet of part p: its need beyond its van (0 without outlet access). */
  depotDraw(v: number, p: number): number {
    const m = this.m;
    if (!m.depotAccess[v]) return 0;
    return Math.max(0, this.partUse[v * m.P + p]! - m.stock[v * m.P + p]!);
  }

  /**
   * Added cost of inserting job u before position i of route v (i = len: at the end), or +Infinity
   * when the windows, shift or break cannot be kept. O(1) without soft windows.
   */
  insertCost(v: number, i: number, u: number): number {
    const m = this.m;
    const L = m.L;
    const time = m.time;
    const a = v * this.S + i;
    const lu = m.loc[u]!;
    join(
      this.pD[a]!,
      this.pTW[a]!,
      this.pE[a]!,
      this.pL[a]!,
      this.pC[a]!,
      time[this.pLoc[a]! * L + lu]!,
      m.service[u]!,
      0,
      m.early[u]!,
      m.late[u]!,
      0,
    );
    if (gTW > EPS) return Number.POSITIVE_INFINITY;
    if (i < this.len[v]! && m.loc[this.seq[a]!]! < 0) {
      const b = this.seq[a]!;
      join(gD, gTW, gE, gL, gC, 0, m.service[b]!, 0, m.early[b]!, m.late[b]!, 0);
      join(
        gD,
        gTW,
        gE,
        gL,
        gC,
        time[lu * L + this.sLoc[a + 1]!]!,
        this.sD[a + 1]!,
        this.sTW[a + 1]!,
        this.sE[a + 1]!,
        this.sL[a + 1]!,
        this.sC[a + 1]!,
      );
    } else {
      join(
        gD,
        gTW,
        gE,
        gL,
        gC,
        time[lu * L + this.sLoc[a]!]!,
        this.sD[a]!,
        this.sTW[a]!,
        this.sE[a]!,
        this.sL[a]!,
        this.sC[a]!,
      );
    }
    if (gTW > EPS) return Number.POSITIVE_INFINITY;
    let c = gC;
    if (m.hasSoft) c += m.latenessWeight * this.simulateLateness(v, i, u);
    return c - this.cost[v]!;
  }

  /*
   * A candidate route built from pieces, for the local search: route v's first i nodes, then jobs one
   * by one, then route w's nodes from k on with w's end location. Each call returns the location the
   * candidate has reached; `evalEnd` returns its travel, or +Infinity when a window, the shift or the
   * break cannot be kept. O(1) per call.
   */

  /** Starts a candidate with route v's first i nodes. */
  evalStart(v: number, i: number): number {
    const a = v * this.S + i;
    gD = this.pD[a]!;
    gTW = this.pTW[a]!;
    gE = this.pE[a]!;
    gL = this.pL[a]!;
    gC = this.pC[a]!;
    return this.pLoc[a]!;
  }

  /** Appends job x to the candidate, travelling from `from`. */
  evalAdd(from: number, x: number): number {
    const m = this.m;
    const lx = m.loc[x]!;
    join(gD, gTW, gE, gL, gC, m.time[from * m.L + lx]!, m.service[x]!, 0, m.early[x]!, m.late[x]!, 0);
    return lx;
  }

  /** Whether the candidate so far already breaks a window (no completion can repair it). */
  evalBroken(): boolean {
    return gTW > EPS;
  }

  /** Closes the candidate with route w's nodes from k on (a break first is taken where the candidate is). */
  evalEnd(from: number, w: number, k: number): number {
    const m = this.m;
    const a = w * this.S + k;
    if (k < this.len[w]! && m.loc[this.seq[a]!]! < 0) {
      const b = this.seq[a]!;
      join(gD, gTW, gE, gL, gC, 0, m.service[b]!, 0, m.early[b]!, m.late[b]!, 0);
      join(
        gD,
        gTW,
        gE,
        gL,
        gC,
        m.time[from * m.L + this.sLoc[a + 1]!]!,
        this.sD[a + 1]!,
        this.sTW[a + 1]!,
        this.sE[a + 1]!,
        this.sL[a + 1]!,
        this.sC[a + 1]!,
      );
    } else {
      join(
        gD,
        gTW,
        gE,
        gL,
        gC,
        m.time[from * m.L + this.sLoc[a]!]!,
        this.sD[a]!,
        this.sTW[a]!,
        this.sE[a]!,
        this.sL[a]!,
        this.sC[a]!,
      );
    }
    return gTW > EPS ? Number.POSITIVE_INFINITY : gC;
  }

  /** Inserts job u before position i of route v. */
  insert(v: number, i: number, u: number): void {
    const base = v * this.S;
    this.seq.copyWithin(base + i + 1, base + i, base + this.len[v]!);
    this.seq[base + i] = u;
    this.len[v] = this.len[v]! + 1;
    this.routeOf[u] = v;
    this.refresh(v);
  }

  /** Removes the marked jobs (removed[j] = 1) from route v, without refreshing it. */
  dropMarked(v: number, removed: Uint8Array): void {
    const base = v * this.S;
    let w = 0;
    for (let i = 0; i < this.len[v]!; i++) {
      const x = this.seq[base + i]!;
      if (x < this.m.J && removed[x]) {
        this.routeOf[x] = -1;
        continue;
      }
      this.seq[base + w++] = x;
    }
    this.len[v] = w;
  }

  /**
   * Minutes late against soft windows on route v's earliest schedule, with job u inserted at i when
   * u >= 0. The earliest schedule starts every visit as early as it can, so no other schedule of the
   * same order is less late.
   */
  simulateLateness(v: number, i: number, u: number): number {
    const m = this.m;
    const base = v * this.S;
    const n = this.len[v]!;
    let t = m.shiftStart[v]!;
    let at = startLoc(m, v);
    let late = 0;
    for (let k = 0; k <= n; k++) {
      for (let pass = 0; pass < 2; pass++) {
        let x: number;
        if (pass === 0) {
          if (k !== i) continue;
          x = u;
        } else {
          if (k === n) break;
          x = this.seq[base + k]!;
        }
        const lx = m.loc[x]!;
        if (lx >= 0) {
          t += m.time[at * m.L + lx]!;
          at = lx;
        }
        t = Math.max(t, m.early[x]!);
        if (x < m.J && t > m.softEnd[x]!) late += t - m.softEnd[x]!;
        t += m.service[x]!;
      }
    }
    return late;
  }

  /** Total objective of the assigned part: travel plus weighted lateness over all routes. */
  routesCost(): number {
    let c = 0;
    for (let v = 0; v < this.m.V; v++) c += this.cost[v]!;
    return c;
  }

  /** Whether route v is feasible as stored (used by tests and as a guard before output). */
  feasible(v: number): boolean {
    const e = v * this.S + this.len[v]!;
    const m = this.m;
    join(
      this.pD[e]!,
      this.pTW[e]!,
      this.pE[e]!,
      this.pL[e]!,
      this.pC[e]!,
      m.time[this.pLoc[e]! * m.L + endLoc(m, v)]!,
      0,
      0,
      m.shiftStart[v]!,
      m.shiftEnd[v]!,
      0,
    );
    return gTW <= EPS;
  }
}
