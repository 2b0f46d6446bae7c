/**
 * age identity files, as `age-keygen` writes them and `age -i` reads them:
 *
 *   # created: 2024-05-01T12:00:00Z
 *   # public key: age1…
 *   AGE-SECRET-KEY-1…
 *
 * Lines starting with '#' and empty lines are ignored; every other line is
 * one identity. LF or CRLF line ends.
 */
import { readFile } from 'node:fs/promises';
import { AgeError } from './age-error';
import { parseIdentity, type X25519Identity } from './x25519';

export function parseIdentityFile(text: string, name = 'The identity file'): X25519Identity[] {
  const identities: X25519Identity[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0 || line.startsWith('#')) continue;
    try {
      identities.push(parseIdentity(line));
    } catch (error) {
      const reason = error instanceof AgeError ? error.message : String(error);
      throw new AgeError(error instanceof AgeError && error.kind === 'unsupported' ? 'unsupported' : 'key', `${name}, line ${index + 1}: ${reason}`);
    }
  }
  if (identities.length === 0) throw new AgeError('key', `${name} holds no age identity (AGE-SECRET-KEY-1…)`);
  return identities;
}

export async function readIdentityFile(file: string): Promise<X25519Identity[]> {
  return parseIdentityFile(await readFile(file, 'utf8'), file);
}

/** The identity file for `identity`, in age-keygen's layout. */
export function formatIdentityFile(identity: X25519Identity, created = new Date()): string {
  const stamp = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `# created: ${stamp}\n# public key: ${identity.recipient}\n${identity.secret}\n`;
}
