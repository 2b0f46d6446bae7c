/** Why a bundle is refused, in words for a person (never a stack trace). */
import { ApiFailure } from '../../../shared/api/errors';

/** A bundle refused, with the reason for a person; `damaged` (altered, incomplete) or `bad_request` (not for us). */
export class BundleRejected extends ApiFailure {}

export const reject = (message: string) => new BundleRejected('damaged', `The bundle was rejected: ${message}`);

/**
 * A bundle whose age header is whole and names none of our keys: made for
 * others (a sync segment sealed before this device joined the team). Never
 * "not there yet": it will not open later either.
 */
export class BundleNotForUs extends BundleRejected {}
