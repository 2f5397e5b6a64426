/**
 * Content-addressed document content in the database (SHA-256), so every app instance serves the same
 * files. The same content uploaded twice is stored once.
 */
import crypto from 'node:crypto';
import type { Db, Tx } from '../db/types';

export const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

export async function putBlob(trx: Tx, data: Buffer, now = new Date()): Promise<string> {
  const hash = sha256(data);
  await trx('blobs')
    .insert({ sha256: hash, size: data.length, content: data, created_at: now.toISOString() })
    .onConflict('sha256')
    .ignore();
  return hash;
}

export async function getBlob(db: Db, hash: string): Promise<Buffer | null> {
  const row = await db('blobs').where({ sha256: hash }).first('content');
  return row ? Buffer.from(row.content) : null;
}
