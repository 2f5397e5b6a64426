import { loadFramework, FrameworkValidationError } from '../../questionnaires';
import { readJsonFile, UsageError, type Io } from './usage';

/** `clustermark framework validate <file>`: exit 0 when valid, 1 with every error when not. */
export const frameworkCommand = {
  options: {},
  async run(_v: unknown, positionals: string[], io: Io): Promise<number> {
    const [sub, file] = positionals;
    if (sub !== 'validate' || !file) throw new UsageError('usage: clustermark framework validate <file>');
    const json = readJsonFile(file);
    try {
      const fw = loadFramework(json);
      const d = fw.definition;
      io.out.write(`valid: ${d.id} ${d.version} (${d.indicators.length} indicators), hash ${fw.hash}\n`);
      return 0;
    } catch (e) {
      if (e instanceof FrameworkValidationError) {
        io.err.write(`${file}: ${e.errors.length} error(s)\n`);
        for (const err of e.errors) io.err.write(`  ${err.path || '/'}: ${err.message}\n`);
        return 1;
      }
      throw e;
    }
  },
};
