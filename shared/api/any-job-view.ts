/**
 * What `job.status`, `job.wait`, `job.cancel` and `job.list` answer: the view
 * of any job, of whichever family (evidence, bundles, the data key, sync).
 * Its `kind` tells them apart; a caller that started a job of a known
 * family reads it as that family's view.
 */
import { z } from 'zod';
import type { BundleJobView } from './bundle-schemas';
import type { JobView } from './evidence-schemas';
import type { SyncJobView } from './sync-schemas';
import type { ReplaceDataKeyJobView } from './vault-key-schemas';

export type AnyJobView = JobView | BundleJobView | ReplaceDataKeyJobView | SyncJobView;

export const AnyJobOutput = z.custom<AnyJobView>();
export const AnyJobListOutput = z.custom<AnyJobView[]>();
