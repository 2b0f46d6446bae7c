/**
 * Writes the vault's coordinator identity out as a standard age identity
 * file (`age -d -i FILE` reads it), e.g. for a second coordinator machine
 * or to open bundles with the age tool alone. The file holds the secret key:
 * it is created with mode 0600 and never over an existing file.
 */
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { IdentityExportResult } from '../../../shared/api/bundle-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import { formatIdentityFile } from '../age';
import type { VaultSession } from '../vault/session';
import { errnoCode, ioFailure } from '../vault/store/io-error';
import { readCoordinator, recipientFingerprint } from './key-store';

export async function exportIdentity(session: VaultSession, file: string): Promise<IdentityExportResult> {
  const identity = await readCoordinator(session);
  if (!identity) throw new ApiFailure('bad_request', 'This vault has no coordinator key yet; create it first (keys coordinator-init)');
  const target = path.resolve(file);
  // 'wx' refuses an existing file in the same step that creates ours, so nothing can slip in between.
  const handle = await open(target, 'wx', 0o600).catch((error: unknown) => {
    if (errnoCode(error) === 'EEXIST') throw new ApiFailure('io', `${target} already exists; choose another name (Outpost never overwrites a file)`);
    throw ioFailure(error, 'write', target);
  });
  try {
    // The mode given to open is reduced by the umask (which could leave it
    // read-only); a file system without modes (a FAT stick) refuses chmod, and that is no reason to fail.
    await handle.chmod(0o600).catch(() => undefined);
    await handle.writeFile(formatIdentityFile(identity), 'utf8');
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(target, { force: true }).catch(() => undefined);
    throw ioFailure(error, 'write', target);
  }
  return { path: target, recipient: identity.recipient, fingerprint: recipientFingerprint(identity.recipient) };
}
