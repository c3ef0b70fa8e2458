import { buildApp } from './app.js';
import { type AppConfig, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import { startHousekeeping } from './platform/housekeeping.js';
import { ensureCatalogSearchKeys } from './modules/customers/index.js';
import { type MailListener, startMailListener } from './modules/intake/index.js';
import { ensureSlaDefaults, startSlaScheduler } from './modules/sla/index.js';
import { ensureWarrantyDefaults } from './modules/warranty/index.js';
import { settingsChannelSource, startOutboxDispatcher } from './platform/notify/index.js';

/** config → open the database → migrate → listen. Returns a stop function for the CLI and tests. */
export async function startServer(
  config: AppConfig = loadConfig(),
): Promise<{ url: string; stop: () => Promise<void> }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateDatabase(database);
  await ensureSlaDefaults(database.db);
  await ensureWarrantyDefaults(database.db);
  await ensureCatalogSearchKeys(database.db);
  const app = await buildApp({ database, config, dataDir: config.dataDir });
  const address = await app.listen({ port: config.port, host: config.host });
  const stopHousekeeping = startHousekeeping(database, app.clock, app.log);
  const providers = settingsChannelSource(database.db);
  const stopOutbox = startOutboxDispatcher(database, app.clock, app.log, { channels: providers });
  const stopSla = startSlaScheduler(database, app.clock, app.log);
  // Mail to the after-sales addresses, forwarded by the company's relay (docs/mail-in.md).
  let mail: MailListener | null = null;
  if (config.mailInbound) {
    try {
      mail = await startMailListener(database, {
        ...config.mailInbound,
        clock: app.clock,
        log: app.log,
        dataDir: config.dataDir,
      });
    } catch (err) {
      stopHousekeeping();
      await stopOutbox();
      await providers.close();
      await stopSla();
      await app.close();
      await database.close();
      throw err;
    }
  }
  app.log.info(`Sanbao on ${address} (${database.kind}${database.kind === 'pglite' ? ` in ${config.dataDir}` : ''})`);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await mail?.stop();
    stopHousekeeping();
    await stopOutbox();
    await providers.close();
    await stopSla();
    await app.close();
    await database.close();
  };
  return { url: address, stop };
}
