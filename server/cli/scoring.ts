import { defaultFramework, loadFramework, FrameworkValidationError, type LoadedFramework } from '../../questionnaires';
import fs from 'node:fs';
import { parseDate, score, EvidenceError, type Evidence } from '../../scoring';
import { demoPeerComparison, renderCertificate, renderReport, type ReportInput } from '../../reports';
import { readJsonFile, UsageError, type Io } from './usage';

/** A real calendar date YYYY-MM-DD (2026-02-30 is none). */
const isDate = (s: string) => parseDate(s) !== null;

export function frameworkFor(file: string | undefined): LoadedFramework {
  if (!file) return defaultFramework();
  try {
    return loadFramework(readJsonFile(file));
  } catch (e) {
    if (e instanceof FrameworkValidationError) {
      throw new UsageError(`${file} is not a valid framework: ${e.errors.map((x) => `${x.path} ${x.message}`).join('; ')}`);
    }
    throw e;
  }
}

/** Scores an evidence file; invalid evidence exits 2 with every error on stderr. */
export function scoreFile(file: string, asOf: string | undefined, frameworkFile: string | undefined, io: Io) {
  if (asOf !== undefined && !isDate(asOf)) throw new UsageError('--as-of must be a date YYYY-MM-DD');
  const evidence = readJsonFile(file);
  try {
    return score(frameworkFor(frameworkFile), evidence, { asOf });
  } catch (e) {
    if (e instanceof EvidenceError) {
      io.err.write(`${file}: invalid evidence, ${e.errors.length} error(s)\n`);
      for (const err of e.errors) io.err.write(`  ${err.path || '/'}: ${err.message}\n`);
      return null;
    }
    throw e;
  }
}

export const scoreCommand = {
  options: { 'as-of': { type: 'string' as const }, framework: { type: 'string' as const } },
  async run(values: Record<string, string | boolean | undefined>, positionals: string[], io: Io): Promise<number> {
    const file = positionals[0];
    if (!file) throw new UsageError('usage: clustermark score <evidence.json> [--as-of YYYY-MM-DD]');
    const result = scoreFile(file, values['as-of'] as string | undefined, values.framework as string | undefined, io);
    if (!result) return 2;
    io.out.write(JSON.stringify(result, null, 2) + '\n');
    return 0;
  },
};

/**
 * `clustermark report <evidence.json> -o file.pdf [--lang nb] [--date D] [--certificate file.pdf]`:
 * the same report the server makes, from an evidence file. Without a database the peer comparison is
 * the deterministic demo comparison. The PDF is dated --date (default: the interview date), so the
 * same input gives the same bytes.
 */
export const reportCommand = {
  options: {
    output: { type: 'string' as const, short: 'o' },
    lang: { type: 'string' as const },
    date: { type: 'string' as const },
    certificate: { type: 'string' as const },
    framework: { type: 'string' as const },
    'base-url': { type: 'string' as const },
  },
  async run(values: Record<string, string | boolean | undefined>, positionals: string[], io: Io): Promise<number> {
    const file = positionals[0];
    const out = values.output as string | undefined;
    if (!file || !out)
      throw new UsageError(
        'usage: clustermark report <evidence.json> -o <file.pdf> [--lang en|nb] [--date YYYY-MM-DD] [--certificate <file.pdf>]',
      );
    const lang = (values.lang ?? 'en') as string;
    if (lang !== 'en' && lang !== 'nb') throw new UsageError('--lang must be en or nb');
    const date = values.date as string | undefined;
    if (date !== undefined && !isDate(date)) throw new UsageError('--date must be a date YYYY-MM-DD');
    const fw = frameworkFor(values.framework as string | undefined);
    const result = scoreFile(file, undefined, values.framework as string | undefined, io);
    if (!result) return 2;
    const evidence = readJsonFile(file) as Evidence;
    const now = new Date(`${date ?? evidence.interviewDate}T12:00:00Z`);
    // --base-url is still accepted: a specimen has no verification address to point anywhere
    const baseUrl = (values['base-url'] as string | undefined) ?? 'https://clustermark.example';
    const cluster = {
      name: evidence.cluster.name,
      country: evidence.cluster.country,
      sector: evidence.cluster.sector ?? '—',
      foundedYear: evidence.cluster.foundedYear ?? Number(evidence.interviewDate.slice(0, 4)),
    };
    // Nothing made here is registered: the report names no certificate code and the certificate is a
    // specimen that says so, with no code that could pass for a registered one and no QR code.
    const code = 'SPECIMEN';
    const awarded = result.label.awarded;
    const input: ReportInput = {
      score: result,
      framework: fw,
      context: {
        cluster,
        assessors: (evidence.assessors ?? []).map((a, i) => ({
          name: a.name ?? `Assessor ${i + 1}`,
          role: a.role,
          certification: a.certification,
          country: a.country,
        })),
        interviewDate: evidence.interviewDate,
        certificate: null,
        interviewNotes: {},
        documents: fw.definition.checklist.map((c) => ({ id: c.id, status: evidence.documents?.[c.id] ?? 'not_provided' })),
      },
      peers: demoPeerComparison(result, fw, cluster),
    };
    fs.writeFileSync(out, await renderReport(input, { lang, now }));
    io.out.write(
      `report written to ${out} (${lang}, label ${awarded ?? 'none'}, ${result.total.points}/${result.total.maxPoints} points; peer comparison: demo data)\n`,
    );
    if (values.certificate) {
      if (!awarded || !result.label.validUntil) {
        io.err.write('clustermark report: no label was awarded, so there is no certificate\n');
        return 1;
      }
      const cert = await renderCertificate(
        {
          label: awarded,
          cluster,
          issued: result.label.issued ?? evidence.interviewDate,
          validUntil: result.label.validUntil,
          code,
          baseUrl,
          framework: { id: fw.definition.id, version: fw.definition.version },
        },
        { lang, now, specimen: true },
      );
      fs.writeFileSync(values.certificate as string, cert);
      io.out.write(`certificate written to ${values.certificate} (a specimen: not registered)\n`);
    }
    return 0;
  },
};
