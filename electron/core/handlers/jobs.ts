import type { JobKind, JobResults } from '../../../shared/api/evidence-schemas';
import { jobsFor } from '../jobs/job-runner';
import type { Vault } from '../vault/vault';
import { asJobView } from './evidence';
import type { Handlers } from './types';

/**
 * Jobs belong to the unlocked session that started them: once the vault is
 * locked their labels and results (which name files and items) are no
 * longer shown, and running ones stop at their next step.
 */
export function jobHandlers(vault: Vault) {
  return {
    'job.status': async ({ jobId }) => asJobView(jobsFor(vault.unlocked()).status(jobId)),
    'job.wait': async ({ jobId, timeoutMs }) => asJobView(await jobsFor(vault.unlocked()).wait(jobId, timeoutMs ?? 10_000)),
    'job.cancel': async ({ jobId }) => asJobView(jobsFor(vault.unlocked()).cancel(jobId)),
    'job.list': async () => jobsFor(vault.unlocked()).list().map(asJobView),
    'job.result': async ({ jobId }) => jobsFor(vault.unlocked()).result(jobId) as JobResults[JobKind],
  } satisfies Partial<Handlers>;
}
