import { Router } from 'express';
import type { AppContext } from '../context';
import { escapeHtml } from '../http/html';

/** Public verification of a certificate by its code: JSON for machines, a small page for people. */
export function verifyRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  r.get('/verify/:code', async (req, res) => {
    const code = String(req.params.code).toUpperCase();
    const row = /^CM-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code)
      ? await knex('labels as l').join('clusters as c', 'c.id', 'l.cluster_id').where('l.certificate_code', code).first('l.label', 'l.issued_on', 'l.valid_until', 'c.name', 'c.country', 'l.cluster_id', 'l.id')
      : null;
    const today = new Date().toISOString().slice(0, 10);
    // a newer label replaces a held one from its issue date (FRAMEWORK.md §5.6)
    const replaced = row ? await knex('labels').where({ cluster_id: row.cluster_id }).where('issued_on', '>', row.issued_on).where('issued_on', '<=', today).first('id') : null;
    const valid = Boolean(row && row.valid_until >= today && !replaced);
    const body = row
      ? { valid, code, label: row.label, cluster: row.name, country: row.country, issued: row.issued_on, validUntil: row.valid_until, ...(replaced ? { replaced: true } : {}) }
      : { valid: false, code, label: null, cluster: null, validUntil: null, error: { code: 'not_found', message: 'No certificate has this code.' } };
    res.status(row ? 200 : 404);
    if (req.accepts(['html', 'json']) === 'json') return void res.json(body);
    res.type('html').send(verifyPage(body, req.query.lang === 'nb' ? 'nb' : 'en'));
  });
  return r;
}

const TEXT = {
  en: { title: 'Certificate verification', valid: 'Valid label', invalid: 'Not a valid label', unknown: 'No certificate has this code.', cluster: 'Cluster', label: 'Label', until: 'Valid until', code: 'Certificate code' },
  nb: { title: 'Verifisering av sertifikat', valid: 'Gyldig merke', invalid: 'Ikke et gyldig merke', unknown: 'Ingen sertifikater har denne koden.', cluster: 'Klynge', label: 'Merke', until: 'Gyldig til', code: 'Sertifikatkode' },
};

function verifyPage(b: { valid: boolean; code: string; label: string | null; cluster: string | null; validUntil: string | null }, lang: 'en' | 'nb'): string {
  const t = TEXT[lang];
  const rows = b.label
    ? `<dl><dt>${t.cluster}</dt><dd>${escapeHtml(b.cluster ?? '')}</dd><dt>${t.label}</dt><dd class="label ${escapeHtml(b.label)}">${escapeHtml(b.label.toUpperCase())}</dd><dt>${t.until}</dt><dd>${escapeHtml(b.validUntil ?? '')}</dd><dt>${t.code}</dt><dd>${escapeHtml(b.code)}</dd></dl>`
    : `<p>${t.unknown}</p>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.title} – ClusterMark</title><link rel="stylesheet" href="/static/app.css"></head><body><main class="verify"><h1>${t.title}</h1><p class="verdict ${b.valid ? 'ok' : 'bad'}">${b.valid ? t.valid : t.invalid}</p>${rows}</main></body></html>`;
}
