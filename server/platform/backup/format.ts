import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { AppError } from '../errors.js';
import type { MigrationRef } from './migrations.js';

/*
 * The backup file: gzip'd JSON lines, one value per line, streamed both ways.
 *   {"format":"sanbao-backup","version":1,"createdAt":…,"app":…,"db":"pglite","migrations":[…]}
 *   {"table":"users","schema":"public","columns":["id","username",…]}
 *   ["9f0c…","admin",…]                      one line per row: PostgreSQL's text form of each value, or null
 *   {"tableEnd":"users","rows":12}
 *   … every table, parents before children …
 *   {"complete":true,"tables":9,"rows":1234}   absent when the file was cut short
 * PostgreSQL's own text form (what COPY uses) keeps timestamps to the microsecond, bigints and
 * numerics exact, and reads back identically on PGlite and on a server.
 */
export const BACKUP_FORMAT = 'sanbao-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** Sanbao version that wrote the file. */
  app: string;
  db: 'pglite' | 'postgres';
  /** Migrations applied in the source database, oldest first. */
  migrations: MigrationRef[];
}

export interface TableStart {
  table: string;
  schema: string;
  columns: string[];
}
export interface TableEnd {
  tableEnd: string;
  rows: number;
}
export interface Trailer {
  complete: true;
  tables: number;
  rows: number;
}
export type Row = (string | null)[];
export type BackupLine = TableStart | TableEnd | Trailer | Row;

export function incompatible(reason: string): AppError {
  return new AppError('backup.incompatible', { reason });
}

/** Writes lines through gzip with backpressure, into `<file>.partial`, renamed only when complete. */
export class BackupWriter {
  private readonly gzip: Gzip;
  private readonly done: Promise<void>;
  private readonly partial: string;

  constructor(readonly file: string) {
    this.partial = `${file}.partial`;
    this.gzip = createGzip({ level: 6 });
    this.done = pipeline(this.gzip, createWriteStream(this.partial));
    // Observed in close(); without this an early disk error would be an unhandled rejection.
    this.done.catch(() => {});
  }

  async write(value: unknown): Promise<void> {
    if (!this.gzip.write(`${JSON.stringify(value)}\n`)) await once(this.gzip, 'drain');
  }

  /** Finishes the file and moves it into place; returns its size in bytes. */
  async close(): Promise<number> {
    this.gzip.end();
    await this.done;
    renameSync(this.partial, this.file);
    return statSync(this.file).size;
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => {});
    rmSync(this.partial, { force: true });
  }
}

/** The file's lines, decompressed and split as they stream in. Errors name the file as not a backup. */
export async function* readBackupLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const piping = pipeline(createReadStream(file), gunzip).catch(() => {});
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip) {
      const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = lines.pop() ?? '';
      yield* lines;
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw err;
    if (code?.startsWith('Z_')) throw incompatible(`not a gzip'd Sanbao backup (${(err as Error).message})`);
    throw err;
  } finally {
    gunzip.destroy();
    await piping;
  }
  rest += decoder.end();
  if (rest) yield rest;
}

export function parseLine(line: string, lineNo: number): BackupLine {
  try {
    return JSON.parse(line) as BackupLine;
  } catch {
    throw incompatible(`line ${lineNo} is not valid JSON`);
  }
}

/** Checks the first line: a Sanbao backup in a format version this build reads. */
export function parseHeader(line: string | undefined): BackupHeader {
  let h: Partial<BackupHeader> | undefined;
  try {
    h = line ? (JSON.parse(line) as Partial<BackupHeader>) : undefined;
  } catch {}
  if (!h || typeof h !== 'object' || h.format !== BACKUP_FORMAT) throw incompatible('not a Sanbao backup file');
  if (h.version !== BACKUP_VERSION) {
    throw incompatible(`format version ${String(h.version)}; this version of Sanbao reads version ${BACKUP_VERSION}`);
  }
  if (!Array.isArray(h.migrations) || (h.db !== 'pglite' && h.db !== 'postgres')) throw incompatible('damaged header');
  return h as BackupHeader;
}
