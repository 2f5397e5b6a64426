/**
 * Document storage: what we accept, judged by the content; the content itself is kept in the database,
 * content-addressed (repositories/blobs.ts).
 */
import { fromBuffer } from 'file-type';

export { getBlob, putBlob, sha256 } from '../repositories/blobs';

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
