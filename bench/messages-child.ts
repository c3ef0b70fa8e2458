// One Sanbao instance's outbox dispatcher for the messages benchmark (bench/messages.ts): opens the
// shared PostgreSQL database and sends with the providers in settings until it is told to stop.
import { openDatabase } from '../server/db/client.js';
import { settingsChannelSource, startOutboxDispatcher } from '../server/platform/notify/index.js';

const url = process.argv[2]!;
const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
const log = { info() {}, warn: (o: unknown, m: string) => console.error(m, o), error() {}, debug() {} } as never;
const providers = settingsChannelSource(database.db);
let sent = 0;
const stop = startOutboxDispatcher(database, () => new Date(), log, {
  channels: providers,
  intervalMs: 200,
  onRound: (r) => {
    sent += r.sent;
  },
});
process.send?.('ready');
process.on('message', async (m) => {
  if (m !== 'stop') return;
  await stop();
  await providers.close();
  await database.close();
  process.send?.({ sent });
  process.exit(0);
});
