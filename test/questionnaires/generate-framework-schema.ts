/**
 * Writes questionnaires/framework.schema.json from questionnaires/schema.ts:
 *   npx tsx test/questionnaires/generate-framework-schema.ts
 * It lives here, not in questionnaires/, because questionnaires/ does no file-system access.
 * framework-schema-file.test.ts fails until the committed file equals the generated text.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { frameworkJsonSchemaText } from '../../questionnaires/schema-document';

export const FRAMEWORK_SCHEMA_FILE = join(__dirname, '..', '..', 'questionnaires', 'framework.schema.json');

if (require.main === module) {
  writeFileSync(FRAMEWORK_SCHEMA_FILE, frameworkJsonSchemaText());
  console.log(`written ${FRAMEWORK_SCHEMA_FILE}`);
}
