import { Router } from 'express';
import type { AppContext } from '../context';
import { escapeHtml } from '../http/html';
import { requestLang } from '../http/lang';
import { format, formatDate, translator, type Lang } from '../../messages';
import { publicLabelByCode } from '../services/labels';

/** Public verification of a certificate by its code: JSON for machines, a small page for people. */
export function verifyRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  r.get('/verify/:code', async (req, res) => {
    const code = String(req.params.code).toUpperCase();
    // only a released label is public (services/labels.ts): an unreleased code is answered as an unknown one
    const found = /^CM-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code) ? await publicLabelByCode(knex, code) : null;
    const body = found
      ? {
          valid: found.state === 'valid',
          code,
          label: found.label,
          cluster: found.cluster,
          country: found.country,
          issued: found.issued,
          validUntil: found.validUntil,
          ...(found.state === 'superseded' ? { replaced: true } : {}),
        }
      : {
          valid: false,
          code,
          label: null,
          cluster: null,
          validUntil: null,
          error: { code: 'not_found', message: 'No certificate has this code.' },
        };
    res.status(found ? 200 : 404);
    if (req.accepts(['html', 'json']) === 'json') return void res.json(body);
    res.type('html').send(verifyPage(body, requestLang(req)));
  });
  return r;
}

/** The page's texts from the message catalogue, in the reader's language. */
const text = (lang: Lang) => {
  const t = translator(lang);
  return {
    title: t('verifyPage.title'),
    valid: t('verifyPage.valid'),
    invalid: t('verifyPage.invalid'),
    unknown: t('verifyPage.unknown'),
    cluster: t('cluster'),
    label: t('label'),
    until: t('validUntil'),
    code: t('certificateCode'),
  };
};

function verifyPage(
  b: { valid: boolean; code: string; label: string | null; cluster: string | null; validUntil: string | null },
  lang: Lang,
): string {
  const t = text(lang);
  const rows = b.label
    ? `<dl><dt>${t.cluster}</dt><dd>${escapeHtml(b.cluster ?? '')}</dd><dt>${t.label}</dt><dd class="label ${escapeHtml(b.label)}">${escapeHtml(format(lang, `labels.${b.label}`).toUpperCase())}</dd><dt>${t.until}</dt><dd>${escapeHtml(b.validUntil ? formatDate(b.validUntil, lang) : '')}</dd><dt>${t.code}</dt><dd>${escapeHtml(b.code)}</dd></dl>`
    : `<p>${t.unknown}</p>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.title} – ClusterMark</title><link rel="stylesheet" href="/static/app.css"></head><body><main class="verify"><h1>${t.title}</h1><p class="verdict ${b.valid ? 'ok' : 'bad'}">${b.valid ? t.valid : t.invalid}</p>${rows}</main></body></html>`;
}
