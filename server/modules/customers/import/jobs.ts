import type { Actor } from '../../../platform/access/index.js';
import type { ImportJob, ImportKind } from './contract.js';

/*
 * Progress of running imports, kept in this process's memory (no table, no migration): the
 * import runs inside its request, and GET /api/import/jobs/:id reads how far it got. With
 * several app instances a poll may reach another instance and get 404; clients then show an
 * indeterminate bar until the upload request answers, which it always does with the report.
 * Only the person who started a job sees it. Finished jobs are forgotten after 15 minutes.
 */

interface JobEntry extends ImportJob {
  ownerId: string | null;
  finishedMs: number | null;
}

const jobs = new Map<string, JobEntry>();
const KEEP_MS = 15 * 60 * 1000;
const MAX_JOBS = 500;

function prune(nowMs: number): void {
  for (const [id, j] of jobs) {
    if (j.finishedMs !== null && nowMs - j.finishedMs > KEEP_MS) jobs.delete(id);
  }
  // Abandoned uploads never finish: past the cap, the oldest go first.
  while (jobs.size >= MAX_JOBS) jobs.delete(jobs.keys().next().value!);
}

/** The live record of one import, updated as it goes. */
export interface JobHandle {
  readonly id: string;
  set(status: ImportJob['status'], processed?: number, total?: number): void;
  step(n?: number): void;
  /** Whether it only checks: the form may say so after the job began. */
  setDryRun(dryRun: boolean): void;
  finish(ok: boolean): void;
}

export function startJob(id: string, actor: Actor, kind: ImportKind, dryRun: boolean, now: Date): JobHandle {
  prune(now.getTime());
  const entry: JobEntry = {
    id,
    kind,
    dryRun,
    status: 'uploading',
    processed: 0,
    total: 0,
    startedAt: now.toISOString(),
    finishedAt: null,
    ownerId: actor.id,
    finishedMs: null,
  };
  jobs.set(id, entry);
  return {
    id,
    set(status, processed, total) {
      entry.status = status;
      if (processed !== undefined) entry.processed = processed;
      if (total !== undefined) entry.total = total;
    },
    setDryRun(dryRun) {
      entry.dryRun = dryRun;
    },
    step(n = 1) {
      entry.processed = Math.min(entry.total, entry.processed + n);
    },
    finish(ok) {
      const at = new Date();
      entry.status = ok ? 'done' : 'failed';
      if (ok) entry.processed = entry.total;
      entry.finishedAt = at.toISOString();
      entry.finishedMs = at.getTime();
    },
  };
}

/** A job of this actor, or null (another person's job reads as unknown). */
export function findJob(actor: Actor, id: string): ImportJob | null {
  const j = jobs.get(id);
  if (!j || j.ownerId !== actor.id) return null;
  const { ownerId: _o, finishedMs: _f, ...job } = j;
  return job;
}
