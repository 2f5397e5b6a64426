/**
 * What an upload runs before its handler, for the JSON API and the checklist page's form alike: the
 * caller may upload to this assessment (checked before the body is read, so that a stranger cannot
 * make us buffer a large upload), then the multipart body with one file of at most MAX_UPLOAD_MB.
 */
import type { RequestHandler } from 'express';
import multer from 'multer';
import type { AppContext } from '../context';
import { requireActor } from '../auth/actor';
import { unsupportedType } from '../errors';
import { loadAssessmentFor, requireOpen } from '../services/assessments';
import { routeId } from './params';

export function uploadParts(ctx: AppContext): RequestHandler[] {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: ctx.config.maxUploadMb * 1024 * 1024, files: 1, fields: 5, parts: 8, fieldSize: 1024 },
    // browsers send a file name in UTF-8 without saying so (busboy's default would read it as latin1)
    defParamCharset: 'utf8',
  });
  const mayUpload: RequestHandler = async (req, _res, next) => {
    const { a } = await loadAssessmentFor(ctx.db.knex, requireActor(req), routeId(req), 'uploadDocument');
    requireOpen(a);
    if (!req.is('multipart/form-data')) throw unsupportedType({ key: 'errors.uploadAsMultipart' });
    next();
  };
  return [mayUpload, upload.single('file')];
}
