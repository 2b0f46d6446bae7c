/**
 * Lock must leave nothing read out of the vault in the renderer's memory:
 * every store (cases, evidence, records, checklists, settings, sync and
 * alerts) filled from a real core over the IPC-shaped transport, then
 * locked, must be back to the state it started in. Checked in the stores
 * themselves, not in the DOM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/temp-dir';
import { openTransport, type Transport } from '../../contract/transports';

type Store = { getState: () => object };

/** The data a store holds, without its actions. */
const dataOf = (store: Store) => Object.fromEntries(Object.entries(store.getState()).filter(([, v]) => typeof v !== 'function'));

describe('locking the vault from the renderer', () => {
  let transport: Transport;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    transport = await openTransport('ipc', `${temp.dir}/vault`);
    // The preload's bridge, as the desktop app gives it to the page.
    (globalThis as { window?: unknown }).window = { outpost: { call: (method: string, args: unknown) => transport.call(method, args) } };
  });
  afterAll(async () => {
    delete (globalThis as { window?: unknown }).window;
    await transport.close();
    await cleanup();
  });

  it('empties every store that held vault data', async () => {
    const { useVaultStore } = await import('../../../renderer/src/stores/vault-store');
    const { useCaseStore } = await import('../../../renderer/src/stores/case-store');
    const { useEvidenceStore } = await import('../../../renderer/src/stores/evidence-store');
    const { useRecordsStore } = await import('../../../renderer/src/stores/records-store');
    const { useChecklistStore } = await import('../../../renderer/src/stores/checklist-store');
    const { useSettingsStore } = await import('../../../renderer/src/stores/settings-store');
    const { useSyncStore } = await import('../../../renderer/src/stores/sync-store');
    const stores = { cases: useCaseStore, evidence: useEvidenceStore, records: useRecordsStore, checklists: useChecklistStore, settings: useSettingsStore, sync: useSyncStore };
    const initial = Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, dataOf(store)]));

    await useVaultStore.getState().create('correct horse battery staple', { name: 'Ann Duval' });
    const created = await useCaseStore.getState().create({ title: 'Harbour ransomware', category: 'malicious-code', priority: 'high' });
    await useEvidenceStore.getState().run(created.id, () => transport.call('evidence.register', { caseId: created.id, description: 'Laptop of the harbour master', type: 'disk-image' }));
    await useRecordsStore.getState().run(created.id, 'indicator', () => transport.call('record.add', { caseId: created.id, kind: 'indicator', fields: { type: 'domain', value: 'evil.example' } }));
    await useChecklistStore.getState().load(created.id);
    await useChecklistStore.getState().attach({ caseId: created.id, playbookId: 'builtin.phishing' });
    await useSettingsStore.getState().load();
    await useSyncStore.getState().load();

    const filled = Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, dataOf(store)]));
    expect(useEvidenceStore.getState().log?.items).toHaveLength(1);
    expect(useRecordsStore.getState().rows.indicator).toHaveLength(1);
    expect(useChecklistStore.getState().view?.runs).toHaveLength(1);
    expect(useSettingsStore.getState().settings).not.toBeNull();
    expect(useSyncStore.getState().alerts).not.toBeNull();
    expect(JSON.stringify(useCaseStore.getState().cases)).toContain('Harbour ransomware');
    for (const name of Object.keys(stores)) expect(filled[name], name).not.toEqual(initial[name]);

    await useVaultStore.getState().lock();
    expect(useVaultStore.getState().status?.state).toBe('locked');
    for (const [name, store] of Object.entries(stores)) expect(dataOf(store), `${name} after lock`).toEqual(initial[name]);
  });
});
