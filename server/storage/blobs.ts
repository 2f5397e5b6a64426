/**
 * Content-addressed document storage in the database (SHA-256), so every app instance serves the same
 * files. The same content uploaded twice is stored once.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { fromBuffer } from 'file-type';

export const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** What we accept, judged by the content's magic bytes, never by the file name or the client's type. */
export const ALLOWED_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
};

export async function sniffType(data: Buffer): Promise<string | null> {
  const t = await fromBuffer(data);
  return t && ALLOWED_TYPES[t.mime] ? t.mime : null;
}

export async function putBlob(trx: Knex.Transaction, data: Buffer, now = new Date()): Promise<string> {
  const hash = sha256(data);
  await trx('blobs').insert({ sha256: hash, size: data.length, content: data, created_at: now.toISOString() }).onConflict('sha256').ignore();
  return hash;
}

export async function getBlob(knex: Knex, hash: string): Promise<Buffer | null> {
  const row = await knex('blobs').where({ sha256: hash }).first('content');
  return row ? Buffer.from(row.content) : null;
}
