import type { z } from 'zod';
import { contract, isMethod } from '../../shared/api/contract';
import { ApiFailure, type Issue, type Result } from '../../shared/api/errors';
import type { Handlers } from './handlers/types';

export type Dispatch = (method: unknown, args: unknown) => Promise<Result<unknown>>;

/**
 * The single entry point every transport calls: checks the method name,
 * validates the arguments with the contract's schema, runs the handler and
 * answers a Result. Nothing reaches a handler unvalidated, and no stack
 * trace reaches a caller.
 */
export function createDispatch(handlers: Handlers, log: (message: string, error: unknown) => void = defaultLog): Dispatch {
  return async (method, args) => {
    if (!isMethod(method)) {
      const shown = typeof method === 'string' ? method.slice(0, 80) : typeof method;
      return { ok: false, error: { code: 'unknown_method', message: `Unknown method: ${shown}` } };
    }
    const parsed = contract[method].input.safeParse(args === undefined ? {} : args);
    if (!parsed.success) {
      const issues = toIssues(parsed.error);
      const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
      return { ok: false, error: { code: 'bad_request', message: `Invalid arguments for ${method}: ${detail}`, issues } };
    }
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof ApiFailure) return { ok: false, error: error.toApiError() };
      log(`${method} failed`, error);
      return { ok: false, error: { code: 'internal', message: `${method} failed unexpectedly; see the application log` } };
    }
  };
}

function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function defaultLog(message: string, error: unknown): void {
  console.error(`[outpost] ${message}:`, error);
}
