import { defaultFramework, loadFramework, FrameworkValidationError, type LoadedFramework } from '../../questionnaires';
import { score, EvidenceError } from '../../scoring';
import { UsageError, type Io } from './usage';
import { readJsonFile } from './commands';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

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
  if (asOf !== undefined && !DATE.test(asOf)) throw new UsageError('--as-of must be a date YYYY-MM-DD');
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
