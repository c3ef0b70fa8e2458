import { userInfo } from 'node:os';
import type { Db } from '../../server/db/client.js';
import { type Ctx, systemCtx } from '../../server/platform/context.js';

/** The context for an admin command: audit events name the CLI and the operating-system account that ran it. */
export function cliCtx(db: Db): Ctx {
  let who = process.env.USER ?? '';
  try {
    who = userInfo().username;
  } catch {}
  return systemCtx(db, { name: who ? `sanbao-cli (${who})` : 'sanbao-cli' });
}
