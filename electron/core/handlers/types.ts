import type { z } from 'zod';
import type { Contract, Method, Output } from '../../../shared/api/contract';

/** A handler receives arguments already validated by the method's schema. */
export type Handler<M extends Method> = (input: z.output<Contract[M]['input']>) => Promise<Output<M>>;

export type Handlers = { [M in Method]: Handler<M> };
