/**
 * The public CACAO material in ../shared/fixtures (see its SOURCES.md): real
 * playbooks written by others and the CACAO 2.0 CS01 JSON schemas. Read from
 * there, never copied into the repository; tests skip when it is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export const fixturesDir = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/cacao');
export const haveFixtures = existsSync(path.join(fixturesDir, 'playbooks')) && existsSync(path.join(fixturesDir, 'schemas', 'playbook.json'));
export const skipReason = `CACAO fixtures not found at ${fixturesDir}`;

export function fixturePlaybooks(): Array<{ name: string; text: string }> {
  if (!haveFixtures) return [];
  const dir = path.join(fixturesDir, 'playbooks');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
}

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return schemaFiles(full);
    return e.name.endsWith('.json') ? [full] : [];
  });
}

/**
 * The CS01 playbook schema under draft-07 rules, as SOURCES.md explains: the
 * schemas declare draft-07, so `unevaluatedProperties` is not enforced.
 */
export function cacaoValidator(): (doc: unknown) => { valid: boolean; errors: string[] } {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const file of schemaFiles(path.join(fixturesDir, 'schemas'))) ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')) as object);
  const validate = ajv.getSchema('https://raw.githubusercontent.com/cyentific-rni/cacao-json-schemas/cacao-v2.0-cs01/schemas/playbook.json');
  if (!validate) throw new Error('playbook.json schema not found');
  return (doc) => {
    const valid = validate(doc) as boolean;
    return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`) };
  };
}
