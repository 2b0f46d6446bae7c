import type { AlertView } from '../../../shared/api/alert-schemas';
import { acknowledgeAlert, publishAlert, readBulletinState } from '../team/bulletin-store';
import { isCoordinatorVault, readRoster } from '../team/roster-store';
import type { VaultSession } from '../vault/session';
import { fingerprintOf } from '../vault/store/device-key';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';

/** Team alerts: the coordinator publishes, field devices acknowledge; both travel with sync (team/bulletin-store.ts). */
export function alertHandlers(vault: Vault) {
  return {
    'alert.publish': async (input) => {
      const session = vault.unlocked();
      await publishAlert(session, input);
      return alertsView(session);
    },
    'alert.list': async () => alertsView(vault.unlocked()),
    'alert.acknowledge': async ({ id }) => {
      const session = vault.unlocked();
      await acknowledgeAlert(session, id);
      return alertsView(session);
    },
  } satisfies Partial<Handlers>;
}

async function alertsView(session: VaultSession): Promise<{ coordinator: boolean; alerts: AlertView[] }> {
  const [state, roster, coordinator] = await Promise.all([readBulletinState(session), readRoster(session), isCoordinatorVault(session)]);
  const names = new Map((roster?.document.devices ?? []).map((d) => [d.device, d.name]));
  const me = session.device.deviceId;
  const alerts = (state.bulletin?.document.alerts ?? []).map((a) => {
    const acks = state.acks.filter((k) => k.alertId === a.id);
    return {
      ...a,
      acknowledgedAt: acks.find((k) => k.device === me)?.at ?? null,
      acks: acks.filter((k) => k.device !== me).map((k) => ({ device: k.device, fingerprint: fingerprintOf(k.device), name: names.get(k.device) ?? '', at: k.at })),
    };
  });
  return { coordinator, alerts: alerts.reverse() };
}
