import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../shared/api/alert-schemas';
import type { PlaybookDetail } from '../../shared/api/playbook-schemas';
import { contractVault } from './contract-vault';

const passphrase = 'correct horse battery staple';

type Alerts = { coordinator: boolean; alerts: AlertView[] };

describe.each(['ipc', 'http'] as const)('team alerts and published playbooks over %s', (kind) => {
  const vault = contractVault(kind);
  const { value, expectError } = vault;

  it('lets only the coordinator send alerts and publish playbooks, and refuses bad input without writing', async () => {
    await expectError('alert.list', {}, 'vault_locked');
    await value('vault.create', { passphrase });
    expect(await value<Alerts>('alert.list', {})).toEqual({ coordinator: false, alerts: [] });
    await expectError('alert.publish', { severity: 'warning', title: 'Patch the VPN tonight', text: '' }, 'forbidden', /coordinator/);
    const copy = await value<PlaybookDetail>('playbook.copy', { id: 'builtin.phishing', title: 'Phishing (harbour)' });
    await expectError('playbook.publish', { id: copy.summary.id }, 'forbidden');

    await value('keys.coordinatorInit', {});
    await expectError('alert.publish', { severity: 'loud', title: 'Patch the VPN tonight', text: '' }, 'bad_request');
    await expectError('alert.publish', { severity: 'warning', title: '   ', text: '' }, 'bad_request', /title/);
    await expectError('alert.publish', { severity: 'warning', title: 'x'.repeat(201), text: '' }, 'bad_request');
    await expectError('alert.publish', { severity: 'warning', title: 'Patch', text: '', extra: true }, 'bad_request');
    const sent = await value<Alerts>('alert.publish', { severity: 'warning', title: '  Patch the VPN tonight  ', text: 'CVE on the gateway; the vendor fix is out.' });
    expect(sent.coordinator).toBe(true);
    expect(sent.alerts).toMatchObject([{ severity: 'warning', title: 'Patch the VPN tonight', text: 'CVE on the gateway; the vendor fix is out.', acknowledgedAt: null, acks: [] }]);
    const second = await value<Alerts>('alert.publish', { severity: 'critical', title: 'Ransom note at the port', text: '' });
    expect(second.alerts.map((a) => a.title)).toEqual(['Ransom note at the port', 'Patch the VPN tonight']);

    await expectError('alert.acknowledge', { id: 'not-an-id' }, 'bad_request');
    await expectError('alert.acknowledge', { id: '00000000-0000-4000-8000-000000000000' }, 'not_found');

    await expectError('playbook.publish', { id: 'builtin.phishing' }, 'bad_request', /built-in/);
    await expectError('playbook.publish', { id: 'local.00000000-0000-4000-8000-000000000000' }, 'not_found');
    expect(await value<PlaybookDetail>('playbook.publish', { id: copy.summary.id })).toMatchObject({ summary: { id: copy.summary.id, version: 1 } });
    await value('vault.lock', {});
    await value('vault.unlock', { passphrase });
    expect((await value<Alerts>('alert.list', {})).alerts).toHaveLength(2);
  });
});
