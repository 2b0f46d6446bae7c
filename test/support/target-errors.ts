import { expect } from 'vitest';
import { TargetError } from '../../electron/core/sync/target';

/** Awaits `promise`, expects it to fail with a TargetError of `kind`, and gives that error for more checks. */
export async function expectTargetError(promise: Promise<unknown>, kind: TargetError['kind']): Promise<TargetError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TargetError);
  expect((error as TargetError).kind).toBe(kind);
  return error as TargetError;
}
