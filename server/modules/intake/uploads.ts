import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { formParts, multipartError } from '../../platform/multipart.js';
import { declaredTypeFits, type ImageType, sniffImage } from './rules.js';

/*
 * Photos of portal requests are stored under <data dir>/uploads/yyyy/mm/<uuid>; the attachments
 * table holds the key relative to the data dir, so a later S3-compatible store keeps the same keys.
 */

export interface StoredFile {
  key: string;
  sha256: string;
  size: number;
}

/** Writes one file and returns its storage key; the caller removes it again if its transaction fails. */
export async function storeUpload(dataDir: string, bytes: Buffer, now: Date): Promise<StoredFile> {
  const yyyy = String(now.getUTCFullYear());
  const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
  const key = `uploads/${yyyy}/${mm}/${crypto.randomUUID()}`;
  await mkdir(join(dataDir, 'uploads', yyyy, mm), { recursive: true });
  await writeFile(join(dataDir, key), bytes, { flag: 'wx' });
  return { key, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

export async function removeUploads(dataDir: string, keys: string[]): Promise<void> {
  await Promise.all(keys.map((k) => rm(join(dataDir, k), { force: true })));
}

/**
 * Answers with a stored photo as uploaded. Private photos of a customer's home (and of jobs
 * with a signature on them): never cached by shared proxies.
 */
export function sendUpload(
  reply: FastifyReply,
  dataDir: string,
  file: { mime: string; fileName: string; storageKey: string },
): FastifyReply {
  return reply
    .type(file.mime)
    .header('cache-control', 'private, max-age=3600')
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .send(createReadStream(join(dataDir, file.storageKey)));
}

/** Types a browser shows as a picture and nothing more; what else a mail brings is only downloaded. */
const SHOWN_INLINE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/**
 * Answers with a file a received mail brought (docs/mail-in.md). Its type and bytes come from a
 * stranger, so only a raster image is shown inline (the contact's preview); anything else — HTML,
 * SVG, an office document — is sent as a download, sandboxed so that it never runs as a page of ours.
 */
export function sendMailAttachment(
  reply: FastifyReply,
  dataDir: string,
  file: { mime: string; fileName: string; storageKey: string },
): FastifyReply {
  const inline = SHOWN_INLINE.has(file.mime);
  return reply
    .type(inline ? file.mime : 'application/octet-stream')
    .header('cache-control', 'private, max-age=3600')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header(
      'content-disposition',
      `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .send(createReadStream(join(dataDir, file.storageKey)));
}

/** A photo read from a multipart form: the file part's field name, its name, and its checked type. */
export interface UploadedPhoto {
  field: string;
  fileName: string;
  mime: ImageType;
  bytes: Buffer;
}

function fileError(
  code: 'portal.file_too_large' | 'portal.file_type' | 'portal.too_many_files',
  field: string,
  params: Record<string, unknown>,
): AppError {
  return new AppError(code, { field, ...params }, [{ path: `body.${field}`, code, message: '' }]);
}

/**
 * Reads a form of text fields and up to `maxCount` photos of at most `maxMb` MB each whose bytes
 * are really JPEG, PNG, WebP or HEIC (the declared type alone is not trusted). The one reader of
 * photo uploads: the portal's report, an order's job photos and a return case's appraisal photos.
 * Refusals name the file part's field (413 too large or too many, 415 not an image).
 */
export async function readPhotoForm(
  req: FastifyRequest,
  limits: { maxMb: number; maxCount: number; fields: number; fieldSize: number },
): Promise<{ fields: Record<string, string>; photos: UploadedPhoto[] }> {
  if (!req.isMultipart())
    throw new AppError('request.unsupported_media_type', { type: req.headers['content-type'] ?? '' });
  const fields: Record<string, string> = {};
  const photos: UploadedPhoto[] = [];
  for await (const part of formParts(req, {
    fileSize: limits.maxMb * 1024 * 1024,
    files: limits.maxCount + 1,
    fields: limits.fields,
    fieldSize: limits.fieldSize,
  })) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    if (photos.length >= limits.maxCount) {
      part.file.resume();
      throw fileError('portal.too_many_files', part.fieldname, { max: limits.maxCount });
    }
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw fileError('portal.file_too_large', part.fieldname, { maxMb: limits.maxMb, fileName: part.filename });
      throw multipartError(err);
    }
    const sniffed = sniffImage(bytes);
    if (!sniffed || !declaredTypeFits(part.mimetype, sniffed))
      throw fileError('portal.file_type', part.fieldname, { type: part.mimetype, fileName: part.filename });
    photos.push({
      field: part.fieldname,
      fileName: part.filename || `photo.${sniffed.split('/')[1]}`,
      mime: sniffed,
      bytes,
    });
  }
  return { fields, photos };
}
