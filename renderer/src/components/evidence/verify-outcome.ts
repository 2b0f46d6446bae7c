import type { JobView } from '../../../../shared/api/evidence-schemas';

/** The line under a finished verification: how many files match. Failures get the red banner instead. */
export function verifyOutcome(job: JobView): { outcome?: string } {
  if (job.kind !== 'evidence.verify' || !job.result) return {};
  const { checked, ok, failed } = job.result;
  if (failed > 0) return {};
  return { outcome: checked === 0 ? 'No file to verify.' : `All ${ok} ${ok === 1 ? 'file matches its' : 'files match their'} recorded SHA-256.` };
}
