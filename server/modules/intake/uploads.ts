import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';

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
