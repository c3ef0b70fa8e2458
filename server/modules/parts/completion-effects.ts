import { onOrderCompleted } from '../work-orders/index.js';
import { consumeForCompletion } from './consumption.js';
import { createReturnObligations } from './returns/commands/create.js';

/**
 * What a work-order completion means to this module, provided to the work-order module's
 * completion port (docs/parts.md, "Prices and consumption"; docs/parts-returns.md): first the fitted
 * parts leave stock with their cost, then the old-part return obligations. Called where the routes
 * are registered, and by anything that completes orders without the HTTP server (the demo loader
 * at setup from the command line); providing them twice replaces them under the same names.
 */
export function provideCompletionEffects(): void {
  onOrderCompleted('parts.consumption', async (tx, ctx, e) => {
    await consumeForCompletion(tx, ctx, {
      orderId: e.orderId,
      technicianUserId: e.technicianId,
      outletOrgUnitId: e.outletId,
      day: e.day,
      lines: e.parts.map((p) => ({
        partId: p.partId,
        qty: p.qty,
        newSerial: p.newSerial,
        customerPays: p.customerPays,
      })),
    });
  });
  onOrderCompleted('parts.returns', async (tx, ctx, e) => {
    await createReturnObligations(tx, ctx, e);
  });
}
