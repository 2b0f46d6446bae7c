import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { methods } from '../../shared/api/contract';

/**
 * Every contract method must be called by some contract test (which run
 * each case over both transports, IPC-shaped and HTTP). Adding a method
 * without a contract test fails here.
 */
describe('contract coverage', () => {
  it('has a contract test calling every method', async () => {
    const dir = import.meta.dirname;
    const files = (await readdir(dir)).filter((f) => f.endsWith('.test.ts') && f !== 'coverage.test.ts');
    const sources = (await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')))).join('\n');
    const untested = methods.filter((m) => !sources.includes(`'${m}'`));
    expect(untested).toEqual([]);
  });
});
