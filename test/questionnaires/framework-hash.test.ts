import { expect } from 'chai';
import { canonicalJson, defaultFramework, frameworkHash, loadFramework } from '../../questionnaires';
import { defaultCopy } from './helpers';

/**
 * A published framework version is never edited. Assessments pin the hash of the framework they were
 * decided under, so changing esca-default 1.0.0 in place would silently change what past decisions mean.
 * This test pins the content hash of the published file: any edit to questionnaires/esca-default/1.0.0.json
 * makes it fail, and the fix is to publish the change as a new version file (e.g. 1.1.0.json), not to
 * update the hash below.
 */
const PUBLISHED: Record<string, string> = {
  'esca-default@1.0.0': 'a8d4bfab8428361b37758a83abdf0f0b6ff0e3418292bae5ddf8643ee51ce495',
};

describe('questionnaires: published framework versions are immutable', () => {
  it('esca-default 1.0.0 still has its published content hash', () => {
    const fw = defaultFramework();
    expect(fw.hash).to.equal(PUBLISHED[`${fw.definition.id}@${fw.definition.version}`]);
  });

  it('any change to the content, even a single text, changes the hash', () => {
    const def = defaultCopy();
    def.indicators[0].guide.question.nb = def.indicators[0].guide.question.nb.replace('medlemslisten', 'deltakerlisten');
    expect(loadFramework(def).hash).to.not.equal(defaultFramework().hash);
    const bands = defaultCopy();
    bands.indicators[0].scoring!.bands![0].min = 51;
    expect(loadFramework(bands).hash).to.not.equal(defaultFramework().hash);
  });

  it('does not depend on key order or formatting, nor on the editor hint $schema', () => {
    const def = defaultCopy() as unknown as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(def).reverse());
    const { $schema: _hint, ...withoutHint } = def;
    expect(loadFramework(reordered).hash).to.equal(defaultFramework().hash);
    expect(loadFramework(JSON.parse(JSON.stringify(def, null, 4))).hash).to.equal(defaultFramework().hash);
    expect(loadFramework(withoutHint).hash).to.equal(defaultFramework().hash);
  });

  it('hashes canonical JSON: keys sorted recursively, arrays kept in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: 'é' } })).to.equal('{"a":{"c":"é","d":[3,{"x":2,"y":1}]},"b":1}');
    expect(frameworkHash({ b: 1, a: 2 })).to.equal(frameworkHash({ a: 2, b: 1 }));
    expect(frameworkHash({ a: [1, 2] })).to.not.equal(frameworkHash({ a: [2, 1] }));
    // SHA-256 of '{"a":1}'
    expect(frameworkHash({ a: 1 })).to.equal('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });
});
