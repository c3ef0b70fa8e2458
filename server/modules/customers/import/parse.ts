import ExcelJS from 'exceljs';

/*
 * Reading an uploaded spreadsheet into header + rows of text. The type is judged by content,
 * never by the name or the declared type: an XLSX is a zip (PK\3\4) that exceljs can open; a
 * CSV is text in UTF-8 (with or without BOM) or, as Excel for Chinese Windows saves it, GBK
 * (decoded as GB18030, its superset, by the runtime's own decoder: no extra dependency).
 */

export interface Sheet {
  format: 'xlsx' | 'csv';
  encoding: 'utf-8' | 'gbk' | null;
  headers: string[];
  /** Data rows (the header excluded), each with its spreadsheet row number (the header is row 1). */
  rows: { row: number; cells: string[] }[];
}

export class UnsupportedFile extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnsupportedFile';
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (b: Uint8Array, magic: number[]) => magic.every((m, i) => b[i] === m);

/** Text of a CSV: UTF-8 when it decodes as such, else GBK; binary content is refused. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  if (bytes.includes(0)) throw new UnsupportedFile('binary');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {}
  try {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gbk' };
  } catch {
    throw new UnsupportedFile('encoding');
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF); the delimiter is a comma, or a tab or semicolon when the header uses one. */
export function parseCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = firstLine.includes(',')
    ? ','
    : firstLine.includes('\t')
      ? '\t'
      : firstLine.includes(';')
        ? ';'
        : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as the text a person sees: dates as YYYY-MM-DD, numbers without exponent, formulas by result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // exceljs reads date cells as UTC midnight of the written day.
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

function toSheet(format: Sheet['format'], encoding: Sheet['encoding'], table: string[][]): Sheet {
  const [header = [], ...rest] = table;
  const rows = rest
    .map((cells, i) => ({ row: i + 2, cells: cells.map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  return { format, encoding, headers: header.map((h) => h.trim()), rows };
}

async function readXlsx(bytes: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UnsupportedFile('zip');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { format: 'xlsx', encoding: null, headers: [], rows: [] };
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    // row.values is 1-based: index 0 is empty.
    table[n - 1] = values.slice(1).map(cellText);
  });
  for (let i = 0; i < table.length; i++) table[i] ??= [];
  return toSheet('xlsx', null, table);
}

/** The spreadsheet in an upload, or UnsupportedFile when it is neither XLSX nor CSV text. */
export async function readSheet(bytes: Buffer): Promise<Sheet> {
  if (bytes.length === 0) throw new UnsupportedFile('empty');
  if (startsWith(bytes, ZIP)) return readXlsx(bytes);
  // Old binary .xls (OLE compound file): ask for XLSX or CSV rather than guess.
  if (startsWith(bytes, OLE)) throw new UnsupportedFile('xls');
  const { text, encoding } = decodeText(bytes);
  return toSheet('csv', encoding, parseCsv(text));
}
