/**
 * esca-default 1.1.0: the default framework with an eligibility checklist before the interview (issue
 * "Across cycles", item 5). 1.0.0 stays as published (framework-hash.test.ts pins it); 1.1.0 is pinned
 * here the same way, and the schema's new optional section is checked like any other.
 */
import { expect } from 'chai';
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import v110Json from '../../questionnaires/esca-default/1.1.0.json';
import { bundledFrameworks, defaultFramework, loadFramework, type FrameworkDefinition } from '../../questionnaires';
import { FRAMEWORK_SCHEMA_FILE } from './generate-framework-schema';
import { refusal, show } from './helpers';

const copy = () => structuredClone(v110Json) as FrameworkDefinition;

describe('questionnaires: esca-default 1.1.0 (the eligibility checklist)', () => {
  it('validates, with its own pinned hash, and is bundled after 1.0.0 (which keeps its hash and has no checklist)', () => {
    const [v100, v110] = bundledFrameworks();
    expect(v100).to.equal(defaultFramework());
    expect(v100.hash).to.equal('a8d4bfab8428361b37758a83abdf0f0b6ff0e3418292bae5ddf8643ee51ce495');
    expect(v100.definition.eligibility).to.equal(undefined);
    expect(v110.version).to.equal('1.1.0');
    expect(v110.hash).to.equal('94a51f833e7a40aae9b270646506140de6370904e97f9059cd9bde29d4e9ae83');
    expect(loadFramework(v110Json).hash).to.equal(v110.hash);
  });

  it('has the scheme criteria, each a yes/no by the lead in both languages', () => {
    const criteria = bundledFrameworks()[1].definition.eligibility!.criteria;
    expect(criteria.map((c) => c.id)).to.deep.equal(['EC1', 'EC2', 'EC3', 'EC4', 'EC5', 'EC6']);
    expect(criteria.map((c) => c.name.en).join(' | ')).to.match(
      /0\.5 FTE.*15 committed.*two member types.*English web.*Legal.*European Cluster Collaboration Platform/,
    );
    for (const c of criteria) expect(c.check).to.equal('lead_yes_no');
  });

  it('changes nothing the engine reads: only the version, the description and the checklist differ from 1.0.0', () => {
    const { version: _v1, description: _d1, eligibility: _e, ...rest110 } = copy();
    const { version: _v0, description: _d0, ...rest100 } = structuredClone(defaultFramework().definition) as FrameworkDefinition;
    expect(rest110).to.deep.equal(rest100);
  });

  it('the published framework.schema.json validates 1.1.0 on its own', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(FRAMEWORK_SCHEMA_FILE, 'utf8')));
    expect(validate(v110Json), JSON.stringify(validate.errors)).to.equal(true);
  });

  it('refuses a repeated criterion id, an unknown indicator, another way of checking and a blank text, each by its path', () => {
    const twice = copy();
    twice.eligibility!.criteria[1].id = 'EC1';
    expect(show(refusal(twice))).to.match(/\/eligibility\/criteria\/1\/id: duplicate eligibility criterion id "EC1"/);

    const unknown = copy();
    unknown.eligibility!.criteria[0].indicator = 'MGT-99';
    expect(show(refusal(unknown))).to.match(/\/eligibility\/criteria\/0\/indicator: unknown indicator "MGT-99"/);

    const other = copy() as unknown as { eligibility: { criteria: Record<string, unknown>[] } };
    other.eligibility.criteria[2].check = 'document';
    expect(show(refusal(other))).to.match(/\/eligibility\/criteria\/2\/check/);

    const blank = copy();
    blank.eligibility!.criteria[3].name.nb = ' ';
    expect(show(refusal(blank))).to.match(/\/eligibility\/criteria\/3\/name\/nb: the Norwegian text is blank/);

    const empty = copy();
    empty.eligibility!.criteria = [];
    expect(show(refusal(empty))).to.match(/\/eligibility\/criteria/);
  });
});
