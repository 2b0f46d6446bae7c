/**
 * The small JSON files a person hands on (team profiles, join requests):
 * written new, never over a file that is there, and read back through one
 * schema, with the reason in words when a file is not what it should be.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { ApiFailure } from '../../../shared/api/errors';
import { ioFailure } from '../vault/store/io-error';

/** Writes `value` as indented JSON to a new file at `file`; refuses one that exists. Answers the absolute path. */
export async function writeNewJsonFile(file: string, value: unknown): Promise<string> {
  const target = path.resolve(file);
  try {
    await writeFile(target, JSON.stringify(value, null, 2) + '\n', { flag: 'wx', mode: 0o644 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ApiFailure('bad_request', `${target} already exists; choose another name (Outpost never overwrites a file)`);
    throw ioFailure(error, 'write', target);
  }
  return target;
}

/** Reads `file` as JSON checked by `schema`; `what` names it in errors ("a team profile"). */
export async function readJsonFile<S extends z.ZodType>(file: string, schema: S, what: string): Promise<{ source: string; value: z.output<S> }> {
  const source = path.resolve(file);
  const text = await readFile(source, 'utf8').catch((error: unknown) => Promise.reject(ioFailure(error, 'read', source)));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiFailure('bad_request', `${source} is not ${what} (not JSON)`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiFailure('bad_request', `${source} is not ${what}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 400)}`);
  return { source, value: parsed.data };
}
