import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../../electron/core/sync/outbox';
import { readSyncState, writeSyncState } from '../../../../electron/core/sync/sync-state';
import { PASSPHRASE } from '../../../support/vault-fixture';
import { desksPerTest } from '../bundles/bundle-fixture';

describe('the sync state', () => {
  const desks = desksPerTest();

  it('is empty at first, reads back as written, and survives replacing the data key, as does the outbox', async () => {
    const desk = await desks.desk('field');
    const session = () => desk.core.vault.unlocked();
    expect(await readSyncState(session())).toEqual({ targets: {} });
    const state = { targets: { usb: { pushed: 3, read: { ['e'.repeat(64)]: `devices/${'e'.repeat(64)}/0000000000000007.bundle` } } } };
    await writeSyncState(session(), state);
    await new Outbox(desk.dir).add((temp) => writeFile(temp, 'an age file'));
    expect(await readSyncState(session())).toEqual(state);

    await desk.core.vault.replaceDataKey(PASSPHRASE);
    expect(await readSyncState(session())).toEqual(state);
    expect(await new Outbox(desk.dir).sequences()).toEqual([1]);
  });

  it('refuses to write a state that is not one', async () => {
    const desk = await desks.desk('field');
    await expect(writeSyncState(desk.core.vault.unlocked(), { targets: { usb: { pushed: -1, read: {} } } })).rejects.toThrow();
    expect(await readSyncState(desk.core.vault.unlocked())).toEqual({ targets: {} });
  });
});
