import { frameworkJsonSchema } from './schema';

/**
 * The text of `questionnaires/framework.schema.json`: the TypeBox schema as plain JSON Schema 2020-12.
 * TypeBox's own markers are symbol keys, which JSON.stringify leaves out.
 */
export function frameworkJsonSchemaText(): string {
  return `${JSON.stringify(frameworkJsonSchema(), null, 2)}\n`;
}
