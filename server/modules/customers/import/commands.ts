import { and, eq, inArray, isNull } from 'drizzle-orm';
import { errorMessage } from '../../../../shared/errors.js';
import { formatPhone } from '../../../../shared/phone.js';
import { localDay } from '../../../../shared/time-zone.js';
import type { DbLike } from '../../../db/client.js';
import { pathInScope, requirePermission } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { findResponsibleUnit } from '../../org/index.js';
import { customerAddresses, customerPhones, customers, productModels, units } from '../tables.js';
import type { ImportCounts, ImportIssue, ImportKind, ImportReport } from './contract.js';
import type { JobHandle } from './jobs.js';
import { type CustomerPlan, type ModelFacts, type UnitPlan, writePlans } from './write.js';
import type { Sheet } from './parse.js';
import { fieldName, type ImportField, resolveColumns } from './fields.js';
import {
  type CustomerFacts,
  crossRowIssues,
  customerPatch,
  groupByCustomer,
  type RawRow,
  type RowDraft,
  type RowIssue,
  type UnitFacts,
  unitPatch,
  validateRow,
} from './rules.js';

/*
 * The import of customers and units, all or nothing (issue 3, "Import and export"): every row
 * is checked first, against the file and the database; if any row has a problem nothing is
 * written and the report lists them all. Otherwise one transaction writes everything, so a
 * failure half-way (a lost connection, a number taken meanwhile) leaves no half-imported file.
 *
 * Keys, so that running the same file again changes nothing: a customer is the active,
 * unmerged customer that has the row's phone; a unit is its (model code, serial). Existing
 * records get only what the row gives and differs; unchanged ones are skipped, so a re-run
 * appends no event. New records are inserted in batches with the same events as records created
 * one by one (write.ts says why and measures it).
 */

export const MAX_ROWS = 50_000;
const MAX_LISTED_ERRORS = 1_000;
/** Rows per IN (…) list when loading facts. */
const CHUNK = 1_000;

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

interface Facts {
  models: Map<string, ModelFacts>;
  /** Active, unmerged customers by each of their numbers. */
  byPhone: Map<string, CustomerFacts & { orgPath: string }>;
  /** Existing units by "modelId serial". */
  units: Map<string, UnitFacts>;
}

async function loadFacts(db: DbLike, ctx: Ctx, drafts: readonly RowDraft[]): Promise<Facts> {
  const codes = [...new Set(drafts.flatMap((d) => (d.unit ? [d.unit.modelCode] : [])))];
  const numbers = [...new Set(drafts.flatMap((d) => d.phones.map((p) => p.number)))];
  const serials = [...new Set(drafts.flatMap((d) => (d.unit ? [d.unit.serialNo] : [])))];

  const models = new Map<string, ModelFacts>();
  for (const part of chunks(codes)) {
    const rows = await db
      .select({ id: productModels.id, code: productModels.code, usageKinds: productModels.usageKinds })
      .from(productModels)
      .where(inArray(productModels.code, part));
    for (const m of rows) models.set(m.code, m);
  }

  const found = new Map<string, { id: string; number: string; orgPath: string; code: string }>();
  for (const part of chunks(numbers)) {
    const rows = await db
      .select({ id: customers.id, number: customerPhones.number, orgPath: customers.orgPath, code: customers.code })
      .from(customerPhones)
      .innerJoin(customers, eq(customers.id, customerPhones.customerId))
      .where(and(inArray(customerPhones.number, part), eq(customers.active, true), isNull(customers.mergedIntoId)))
      .orderBy(customers.code);
    for (const r of rows) {
      // Several customers may share a number (allowDuplicate): the one in the actor's area wins, then the oldest code.
      const prev = found.get(r.number);
      if (!prev || (!pathInScope(ctx.actor, prev.orgPath) && pathInScope(ctx.actor, r.orgPath))) found.set(r.number, r);
    }
  }
  const ids = [...new Set([...found.values()].map((f) => f.id))];
  const byId = new Map<string, CustomerFacts & { orgPath: string }>();
  for (const part of chunks(ids)) {
    const [rows, phones, addresses] = await Promise.all([
      db.select().from(customers).where(inArray(customers.id, part)),
      db
        .select({ customerId: customerPhones.customerId, number: customerPhones.number })
        .from(customerPhones)
        .where(inArray(customerPhones.customerId, part)),
      db.select().from(customerAddresses).where(inArray(customerAddresses.customerId, part)),
    ]);
    for (const c of rows) {
      byId.set(c.id, {
        id: c.id,
        name: c.name,
        kind: c.kind,
        companyName: c.companyName,
        email: c.email,
        notes: c.notes,
        tags: c.tags,
        phones: phones.filter((p) => p.customerId === c.id).map((p) => p.number),
        addresses: addresses.filter((a) => a.customerId === c.id),
        inScope: pathInScope(ctx.actor, c.orgPath),
        writable: c.active && !c.mergedIntoId,
        orgPath: c.orgPath,
      });
    }
  }
  const byPhone = new Map<string, CustomerFacts & { orgPath: string }>();
  for (const [number, f] of found) byPhone.set(number, byId.get(f.id)!);

  const unitMap = new Map<string, UnitFacts>();
  const modelIds = [...models.values()].map((m) => m.id);
  if (modelIds.length) {
    for (const part of chunks(serials)) {
      const rows = await db
        .select({
          id: units.id,
          modelId: units.modelId,
          serialNo: units.serialNo,
          customerId: units.customerId,
          usage: units.usage,
          purchaseDate: units.purchaseDate,
          invoiceNo: units.invoiceNo,
          invoiceDate: units.invoiceDate,
          sellerChannel: units.sellerChannel,
          installedOn: units.installedOn,
          location: units.location,
        })
        .from(units)
        .where(and(inArray(units.serialNo, part), inArray(units.modelId, modelIds)));
      for (const { modelId, serialNo, ...u } of rows) unitMap.set(`${modelId} ${serialNo}`, u);
    }
  }
  return { models, byPhone, units: unitMap };
}

const zero = (): ImportCounts => ({ create: 0, update: 0, unchanged: 0 });

/**
 * Checks the drafts against the database and plans the writes: which customers and units are
 * new, which change, which stay as they are. Row problems found here join the report.
 */
async function plan(
  db: DbLike,
  ctx: Ctx,
  drafts: RowDraft[],
  columnOf: (f: ImportField) => string | null,
): Promise<{ plans: CustomerPlan[]; issues: RowIssue[] }> {
  const facts = await loadFacts(db, ctx, drafts);
  const issues: RowIssue[] = [];
  const issue = (row: RowDraft, field: ImportField, code: RowIssue['code'], params: Record<string, unknown> = {}) =>
    issues.push({ row: row.row, column: columnOf(field), field, code, params });
  const areaPaths = new Map<string, string>();
  const plans: CustomerPlan[] = [];

  for (const group of groupByCustomer(drafts)) {
    const first = group[0]!;
    const numbers = [...new Set(group.flatMap((r) => r.phones.map((p) => p.number)))];
    const existing = numbers.map((n) => facts.byPhone.get(n)).find(Boolean) ?? null;
    let ok = true;
    for (const r of group) {
      for (const [i, p] of r.phones.entries()) {
        const other = facts.byPhone.get(p.number);
        if (other && existing && other.id !== existing.id) {
          ok = false;
          issue(r, i === 0 ? 'phone' : 'phone2', 'customer.duplicate_phone', {
            number: formatPhone(p.number),
            customer: other.inScope ? other.name : '—',
          });
        }
      }
    }
    if (existing && !existing.inScope) {
      ok = false;
      issue(first, 'phone', 'import.out_of_scope');
    }
    let orgPath = existing?.orgPath ?? '';
    if (!existing) {
      if (!first.name) {
        ok = false;
        issue(first, 'phone', 'import.owner_unknown', { number: formatPhone(first.phones[0]?.number ?? '') });
      }
      // A new customer belongs to the unit serving its address: it must lie within the importer's area.
      const address = group.find((r) => r.address)?.address ?? null;
      const key = address ? `${address.provinceCode}/${address.cityCode}/${address.districtCode}` : '';
      let path = areaPaths.get(key);
      if (path === undefined) {
        path = address
          ? (await findResponsibleUnit(db, address)).path
          : ctx.actor.kind === 'user' && ctx.actor.orgPath
            ? ctx.actor.orgPath
            : (await findResponsibleUnit(db, {})).path;
        areaPaths.set(key, path);
      }
      orgPath = path;
      if (!pathInScope(ctx.actor, path)) {
        ok = false;
        issue(group.find((r) => r.address) ?? first, address ? 'province' : 'phone', 'import.out_of_scope');
      }
    }
    const unitPlans: UnitPlan[] = [];
    for (const r of group) {
      if (!r.unit) continue;
      const model = facts.models.get(r.unit.modelCode);
      if (!model) {
        ok = false;
        issue(r, 'modelCode', 'import.unknown_model', { value: r.unit.modelCode });
        continue;
      }
      if (r.unit.usage && !model.usageKinds.includes(r.unit.usage)) {
        ok = false;
        issue(r, 'usage', 'unit.usage_not_allowed', {
          model: model.code,
          usage: r.unit.usage,
          allowed: model.usageKinds.join(', '),
        });
      }
      const unit = facts.units.get(`${model.id} ${r.unit.serialNo}`) ?? null;
      if (unit && unit.customerId !== existing?.id) {
        ok = false;
        issue(r, 'serialNo', 'import.serial_taken', { serial: r.unit.serialNo, model: model.code });
        continue;
      }
      unitPlans.push({ row: r, model, existing: unit, patch: unit ? unitPatch(unit, r.unit) : null });
    }
    if (ok) {
      const patch = existing ? customerPatch(existing, group) : null;
      plans.push({ rows: group, existing, patch, orgPath, units: unitPlans });
    }
  }
  return { plans, issues };
}

function count(plans: readonly CustomerPlan[]): { customers: ImportCounts; units: ImportCounts } {
  const c = zero();
  const u = zero();
  for (const p of plans) {
    if (!p.existing) c.create++;
    else if (p.patch) c.update++;
    else c.unchanged++;
    for (const x of p.units) {
      if (!x.existing) u.create++;
      else if (x.patch) u.update++;
      else u.unchanged++;
    }
  }
  return { customers: c, units: u };
}

export interface ImportInput {
  kind: ImportKind;
  sheet: Sheet;
  mapping: Record<string, string | null>;
  dryRun: boolean;
}

/** The report's problems in the caller's language, in row order. */
function describe(ctx: Ctx, issues: RowIssue[]): ImportIssue[] {
  return [...issues]
    .sort((a, b) => a.row - b.row)
    .map((i) => ({
      row: i.row,
      column: i.column,
      field: i.field,
      code: i.code,
      message: errorMessage(i.code, ctx.lang, { ...i.params, field: i.field ? fieldName(i.field, ctx.lang) : '' }),
    }));
}

/**
 * Checks a sheet and, unless it is a dry run or a row has a problem, imports it. Returns the
 * report either way; the route answers 422 import.rows_invalid for a real run with problems.
 */
export async function importSheet(ctx: Ctx, input: ImportInput, job: JobHandle): Promise<ImportReport> {
  requirePermission(ctx.actor, 'customers.manage');
  const started = Date.now();
  const { sheet, kind } = input;
  const { columns, problem } = resolveColumns(sheet.headers, input.mapping);
  if (problem) throw fieldError(`mapping.${problem.column}`, 'import.mapping_invalid', { ...problem });
  if (sheet.rows.length > MAX_ROWS) {
    throw fieldError('file', 'import.too_many_rows', { count: sheet.rows.length, max: MAX_ROWS });
  }
  job.set('checking', 0, sheet.rows.length);
  const columnOf = (f: ImportField) => {
    const i = columns.get(f);
    return i === undefined ? null : (sheet.headers[i] ?? null);
  };
  const today = localDay(ctx.now, await getSetting(ctx.db, 'company.timeZone', ctx.now));
  const issues: RowIssue[] = [];
  const drafts: RowDraft[] = [];
  for (const { row, cells } of sheet.rows) {
    const raw: RawRow = {};
    for (const [field, i] of columns) raw[field] = cells[i] ?? '';
    const r = validateRow(raw, { kind, today, row, columnOf });
    issues.push(...r.issues);
    if (r.draft) drafts.push(r.draft);
  }
  issues.push(...crossRowIssues(drafts, columnOf));
  const planned = await plan(ctx.db, ctx, drafts, columnOf);
  issues.push(...planned.issues);
  const counts = count(planned.plans);
  const valid = issues.length === 0;
  if (valid && !input.dryRun) {
    job.set('writing', 0, sheet.rows.length);
    await writePlans(ctx, planned.plans, job);
  }
  const described = describe(ctx, issues);
  return {
    jobId: job.id,
    kind,
    dryRun: input.dryRun,
    imported: valid && !input.dryRun,
    format: sheet.format,
    encoding: sheet.encoding,
    rows: sheet.rows.length,
    columns: Object.fromEntries([...columns].map(([f, i]) => [f, sheet.headers[i] ?? ''])),
    ...counts,
    errors: described.slice(0, MAX_LISTED_ERRORS),
    errorsTruncated: described.length > MAX_LISTED_ERRORS,
    ms: Date.now() - started,
  };
}

/** The 422 of a real run with problems: nothing was written; the report says why. */
export function rowsInvalid(report: ImportReport): AppError {
  return new AppError('import.rows_invalid', { count: report.errors.length });
}
