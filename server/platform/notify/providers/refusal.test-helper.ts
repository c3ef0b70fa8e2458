import { expect } from 'vitest';
import { DeliveryError } from '../channels.js';

/** The DeliveryError a send was refused with (the provider tests check permanent or temporary on it). */
export async function refusal(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}
