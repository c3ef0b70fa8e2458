import type { FastifyReply } from 'fastify';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/*
 * A streamed XLSX for list exports: rows arrive in pages from an async source and leave as
 * zipped bytes as soon as they are written (exceljs's streaming WorkbookWriter), so a 200k-row
 * export never holds the whole list in memory. The caller checks size and permissions and
 * records the export before the first byte goes out: once streaming, an error can only cut the
 * download short (it is logged), never turn into a problem+json answer.
 */

export type CellValue = string | number | Date | null;

export interface XlsxColumn<T> {
  header: string;
  /** Column width in characters. */
  width?: number;
  value: (row: T) => CellValue;
  /** Excel number format, e.g. 'yyyy-mm-dd' for dates. */
  format?: string;
}

export interface XlsxExport<T> {
  sheetName: string;
  columns: XlsxColumn<T>[];
  /** Pages of rows, in order; the writer pulls the next page once the previous one is written. */
  pages: AsyncIterable<T[]>;
  /** Called when writing fails after the download has started. */
  onError?: (err: unknown) => void;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A `Content-Disposition` value with a UTF-8 file name (客户-20261123.xlsx) and an ASCII fallback. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A finished export as the download: the XLSX type, the file name, and the row count for clients that show it. */
export function sendXlsx(reply: FastifyReply, file: { fileName: string; rows: number; stream: Readable }) {
  return reply
    .type(XLSX_MIME)
    .header('content-disposition', attachment(file.fileName))
    .header('x-total-count', file.rows)
    .send(file.stream);
}

/** The workbook as a byte stream: a bold header row, then every row of every page. */
export function streamXlsx<T>(spec: XlsxExport<T>): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c, i) => ({
    key: String(i),
    width: c.width ?? 14,
    ...(c.format ? { style: { numFmt: c.format } } : {}),
  }));
  // Waits for the client to take more; a closed download (the client went away) ends the export.
  const drained = () =>
    new Promise<void>((resolve) => {
      out.once('drain', resolve);
      out.once('close', resolve);
    });
  const run = async () => {
    const header = sheet.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    for await (const page of spec.pages) {
      for (const item of page) sheet.addRow(spec.columns.map((c) => c.value(item))).commit();
      // Backpressure: a slow client pauses the reading of further pages.
      if (out.writableNeedDrain) await drained();
      if (out.destroyed) return;
    }
    sheet.commit();
    await workbook.commit();
  };
  run().catch((err: unknown) => {
    spec.onError?.(err);
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
}
