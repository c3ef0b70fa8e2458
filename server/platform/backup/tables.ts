import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../db/schema.js';
import { ident } from './session.js';

/** One table as a backup sees it. */
export interface BackupTable {
  schema: string;
  name: string;
  /** `"schema"."name"`, ready for SQL. */
  sql: string;
  /** Stored columns in declaration order (generated columns are recomputed, never copied). */
  columns: string[];
  /** Keys (`schema.name`) of the other tables this one references. */
  references: string[];
}

export const tableKey = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/**
 * Every table of the Drizzle schema (server/db/schema.ts re-exports each module's tables, so new
 * modules are included without touching backup), parents before children: a restore that inserts
 * in this order satisfies every foreign key between different tables.
 */
export function backupTables(source: Record<string, unknown> = schema): BackupTable[] {
  const byKey = new Map<string, BackupTable>();
  for (const value of Object.values(source)) {
    if (!is(value, PgTable)) continue;
    const cfg = getTableConfig(value);
    const table: BackupTable = {
      schema: cfg.schema ?? 'public',
      name: cfg.name,
      sql: `${ident(cfg.schema ?? 'public')}.${ident(cfg.name)}`,
      columns: cfg.columns.filter((c) => !c.generated).map((c) => c.name),
      references: [],
    };
    table.references = [
      ...new Set(
        cfg.foreignKeys.map((fk) => {
          const target = getTableConfig(fk.reference().foreignTable);
          return tableKey({ schema: target.schema ?? 'public', name: target.name });
        }),
      ),
    ];
    byKey.set(tableKey(table), table);
  }
  return sortByReferences([...byKey.values()]);
}

/** Depth-first topological order, alphabetical among equals so files are stable. Cycles are cut (restore copes). */
export function sortByReferences(tables: BackupTable[]): BackupTable[] {
  const byKey = new Map(tables.map((t) => [tableKey(t), t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: BackupTable[] = [];
  const visit = (t: BackupTable) => {
    const key = tableKey(t);
    if (done.has(key) || visiting.has(key)) return;
    visiting.add(key);
    for (const ref of [...t.references].sort()) {
      const parent = byKey.get(ref);
      if (parent && ref !== key) visit(parent);
    }
    visiting.delete(key);
    done.add(key);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => tableKey(a).localeCompare(tableKey(b)))) visit(t);
  return out;
}
