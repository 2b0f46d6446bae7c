import type { BundleJobView } from '../../../shared/api/bundle-schemas';
import { bundleChanges } from '../bundles/changes';
import { exportBundle } from '../bundles/export';
import { exportIdentity } from '../bundles/identity-export';
import { identitiesFor, importBundle } from '../bundles/import';
import { readBundle } from '../bundles/read-bundle';
import { coordinatorName } from '../bundles/selection';
import { initCoordinator } from '../bundles/key-store';
import { checkProfile, exportProfile, importProfile, keysView } from '../bundles/team-profile';
import { jobsFor, type JobSnapshot } from '../jobs/job-runner';
import { ensureRoster } from '../team/roster-store';
import { refuseWhileReplacingKey } from '../vault/store/read-only-keys';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';

const asBundleJob = (snapshot: JobSnapshot) => snapshot as BundleJobView;

/** Bundle keys, the team profile, and case bundles (export, inspect, verify and import; the long ones as jobs). */
export function bundleHandlers(vault: Vault) {
  return {
    'keys.show': async () => keysView(vault.unlocked()),
    'keys.coordinatorInit': async () => {
      const session = vault.unlocked();
      await initCoordinator(session);
      // The roster starts with the coordinator's own device: from now on only enrolled devices write into its cases.
      await ensureRoster(session);
      return keysView(session);
    },
    'keys.exportIdentity': async ({ path }) => exportIdentity(vault.unlocked(), path),
    'team.exportProfile': async (input) => exportProfile(vault.unlocked(), input),
    'team.checkProfile': async ({ path }) => checkProfile(vault.unlocked(), path),
    'team.importProfile': async ({ path, confirmFingerprint }) => importProfile(vault.unlocked(), path, confirmFingerprint),
    'bundle.export': async ({ caseIds, changedSince, path, recipients, passphrase }) => {
      const session = vault.unlocked();
      // It notes what was sent once the bundle is written: refused before, not after, while the key is replaced.
      refuseWhileReplacingKey(session.storage.key, 'export a bundle');
      const chosen = recipients && recipients.length > 0 ? recipients : passphrase !== undefined ? [] : (await keysView(session)).defaultRecipients;
      const label = changedSince ? `Exporting the changes for ${coordinatorName(await keysView(session), chosen)} to ${path}` : `Exporting ${caseIds?.length ?? 0} case(s) to ${path}`;
      return asBundleJob(jobsFor(session).start({ kind: 'bundle.export', caseId: caseIds?.[0] ?? '', label }, (job) => exportBundle(session, { caseIds, changedSince, path, recipients: chosen, passphrase }, job)));
    },
    'bundle.changes': async ({ recipients }) => bundleChanges(vault.unlocked(), recipients),
    'bundle.inspect': async (input) => {
      const session = vault.unlocked();
      const bundle = await readBundle({ path: input.path, identities: await identitiesFor(session, input), session, stage: false, manifestOnly: true });
      return { ...bundle.summary, importedBefore: bundle.importedBefore };
    },
    'bundle.verify': async (input) => {
      const session = vault.unlocked();
      const identities = await identitiesFor(session, input);
      return asBundleJob(
        jobsFor(session).start({ kind: 'bundle.verify', caseId: '', label: `Verifying ${input.path}` }, async (job) => {
          const bundle = await readBundle({ path: input.path, identities, session, stage: false, job });
          return { ...bundle.summary, events: bundle.eventCount, verified: true };
        }),
      );
    },
    'bundle.import': async (input) => {
      const session = vault.unlocked();
      await identitiesFor(session, input);
      return asBundleJob(jobsFor(session).start({ kind: 'bundle.import', caseId: '', label: `Importing ${input.path}` }, (job) => importBundle(session, input, job)));
    },
  } satisfies Partial<Handlers>;
}
