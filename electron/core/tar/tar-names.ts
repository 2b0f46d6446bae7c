/**
 * Entry names we accept, in archives we read and archives we write: relative
 * POSIX paths that stay inside the folder they would be extracted to.
 *
 *   refused  empty, over 4096 bytes, a leading '/', a drive letter ("C:"),
 *            a backslash, control characters, '..', '.' or empty segments
 *   allowed  one leading "./" (GNU tar writes it for `tar -c -C dir .`),
 *            a trailing '/' on directories; both are dropped from the
 *            normalised name
 *
 * `NameRegistry` refuses the same name twice and a name used both as a file
 * and as a folder ("a" and "a/b"), which extraction would resolve by
 * overwriting.
 */
import { TarError } from './tar-error';

const MAX_NAME_BYTES = 4096;

/** The normalised name, or a TarError('path') naming the rule it breaks. */
export function normaliseEntryName(raw: string, directory: boolean): string {
  const refuse = (why: string): TarError => new TarError('path', `The archive entry ${JSON.stringify(raw)} is refused: ${why}`, raw);
  if (raw.length === 0) throw refuse('its name is empty');
  if (Buffer.byteLength(raw) > MAX_NAME_BYTES) throw refuse(`its name is longer than ${MAX_NAME_BYTES} bytes`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\x00-\x1f\x7f]/.test(raw)) throw refuse('its name contains control characters');
  if (raw.includes('\\')) throw refuse('its name contains a backslash');
  if (raw.startsWith('/')) throw refuse('its path is absolute');
  if (/^[A-Za-z]:/.test(raw)) throw refuse('its path starts with a drive letter');
  let name = raw.startsWith('./') ? raw.slice(2) : raw;
  if (directory && name.endsWith('/')) name = name.slice(0, -1);
  if (name.length === 0 && directory) return '';
  for (const segment of name.split('/')) {
    if (segment === '..') throw refuse('its path climbs out of the folder ("..")');
    if (segment === '.' || segment === '') throw refuse('its path is not in canonical form ("." or an empty segment)');
  }
  return name;
}

export class NameRegistry {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();
  private readonly folderEntries = new Set<string>();

  get count(): number {
    return this.files.size + this.folderEntries.size;
  }

  addFile(name: string): void {
    if (this.files.has(name)) throw duplicate(name, 'appears twice in the archive');
    if (this.folders.has(name)) throw duplicate(name, 'is both a file and a folder');
    for (const parent of parents(name)) {
      if (this.files.has(parent)) throw duplicate(name, `is inside ${JSON.stringify(parent)}, which is a file`);
    }
    this.files.add(name);
    for (const parent of parents(name)) this.folders.add(parent);
  }

  addFolder(name: string): void {
    if (name === '') return;
    if (this.folderEntries.has(name)) throw duplicate(name, 'appears twice in the archive');
    if (this.files.has(name)) throw duplicate(name, 'is both a file and a folder');
    for (const parent of parents(name)) {
      if (this.files.has(parent)) throw duplicate(name, `is inside ${JSON.stringify(parent)}, which is a file`);
    }
    this.folderEntries.add(name);
    this.folders.add(name);
    for (const parent of parents(name)) this.folders.add(parent);
  }
}

function parents(name: string): string[] {
  const segments = name.split('/');
  return segments.slice(0, -1).map((_, index) => segments.slice(0, index + 1).join('/'));
}

function duplicate(name: string, why: string): TarError {
  return new TarError('duplicate', `The archive entry ${JSON.stringify(name)} is refused: it ${why}`, name);
}
