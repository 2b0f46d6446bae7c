import type { AnyJobView } from '../../../shared/api/any-job-view';
import type { JobKind, JobResults } from '../../../shared/api/evidence-schemas';
import { jobsFor, type JobSnapshot } from '../jobs/job-runner';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';

/**
 * Jobs belong to the unlocked session that started them: once the vault is
 * locked their labels and results (which name files and items) are no
 * longer shown, and running ones stop at their next step.
 */
/** The runner keeps every family's jobs alike; each job's kind says which family's view it is. */
const asJobView = (snapshot: JobSnapshot) => snapshot as AnyJobView;

export function jobHandlers(vault: Vault) {
  return {
    'job.status': async ({ jobId }) => asJobView(jobsFor(vault.unlocked()).status(jobId)),
    'job.wait': async ({ jobId, timeoutMs }) => asJobView(await jobsFor(vault.unlocked()).wait(jobId, timeoutMs ?? 10_000)),
    'job.cancel': async ({ jobId }) => asJobView(jobsFor(vault.unlocked()).cancel(jobId)),
    'job.list': async () => jobsFor(vault.unlocked()).list().map(asJobView),
    'job.result': async ({ jobId }) => jobsFor(vault.unlocked()).result(jobId) as JobResults[JobKind],
  } satisfies Partial<Handlers>;
}
