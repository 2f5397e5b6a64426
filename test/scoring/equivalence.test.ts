/**
 * The complete score of each worked example, as the engine gave it before its performance work
 * (test/scoring/golden/*.score.json, written by the engine at commit cf3beaf). A faster engine must
 * give exactly the same scores, down to every explanation string and key order.
 *
 * If a deliberate change to the engine or to the default framework changes a score, regenerate the
 * files from the new output and review the diff: e.g.
 *   npx tsx -e "…writeFileSync(name + '.score.json', JSON.stringify(score(defaultFramework(), evidence), null, 1) + '\n')"
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { example, run } from './helpers';

const NAMES = ['example-1-gold', 'example-2-bronze-fallback', 'example-3-no-label'] as const;

describe('scoring: complete scores of the worked examples are unchanged', () => {
  for (const name of NAMES) {
    it(`${name}: deep-equal, same key order`, () => {
      const text = readFileSync(join(__dirname, 'golden', `${name}.score.json`), 'utf8');
      const got = run(example(name));
      expect(JSON.parse(JSON.stringify(got))).to.deep.equal(JSON.parse(text));
      expect(JSON.stringify(got, null, 1) + '\n').to.equal(text);
    });
  }
});
