import type { DbLike } from '../../db/client.js';
import { getSetting } from '../config/index.js';
import type { ChannelSource, Channels } from './dispatcher.js';
import { buildChannels } from './providers/index.js';

/**
 * The dispatcher's providers from the settings in force (messages.sms, messages.email,
 * messages.wechat): built once and rebuilt when an administrator changes them, the old ones
 * closed (an SMTP pool, a cached WeChat token) — no restart needed.
 */
export function settingsChannelSource(db: DbLike): ChannelSource & { close(): Promise<void> } {
  let key = '';
  let channels: Channels = {};
  const close = async () => {
    await Promise.all(Object.values(channels).map((c) => c?.close?.()));
  };
  const source = async (now: Date) => {
    const s = {
      sms: await getSetting(db, 'messages.sms', now),
      email: await getSetting(db, 'messages.email', now),
      wechat: await getSetting(db, 'messages.wechat', now),
    };
    const next = JSON.stringify(s);
    if (next !== key) {
      await close();
      channels = buildChannels(s);
      key = next;
    }
    return channels;
  };
  return Object.assign(source, { close });
}
