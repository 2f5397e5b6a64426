import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { frameworkJsonSchemaText } from '../../questionnaires';
import defaultJson from '../../questionnaires/esca-default/1.0.0.json';
import { FRAMEWORK_SCHEMA_FILE } from './generate-framework-schema';

describe('questionnaires: the published framework.schema.json', () => {
  const committed = readFileSync(FRAMEWORK_SCHEMA_FILE, 'utf8');

  it('equals the schema generated from schema.ts (regenerate: npx tsx test/questionnaires/generate-framework-schema.ts)', () => {
    expect(committed).to.equal(frameworkJsonSchemaText());
  });

  it('is a plain JSON Schema 2020-12 document that validates the default on its own', () => {
    const schema = JSON.parse(committed) as Record<string, unknown>;
    expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(defaultJson), JSON.stringify(validate.errors)).to.equal(true);
    expect(validate({ ...defaultJson, version: 'one' })).to.equal(false);
  });
});
