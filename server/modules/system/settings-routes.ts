import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SettingInfo, SettingPut, SettingVersion } from '../../platform/config/contract.js';
import { ctxOf, typed } from '../../platform/http.js';
import { changeSetting, listSettings, listSettingVersions } from './settings.js';
import { List, listOf } from '../../platform/lists/contract.js';

const tags = ['settings'];
const KeyParams = z.object({ key: z.string().max(100) });

export async function settingsRoutes(app: FastifyInstance) {
  const r = typed(app);
  r.get(
    '/api/settings',
    { schema: { tags, summary: 'Settings with values in force', response: { 200: List(SettingInfo) } } },
    async (req) => listOf(await listSettings(ctxOf(req, 'settings.read'))),
  );
  r.get(
    '/api/settings/:key/versions',
    {
      schema: {
        tags,
        summary: 'Every version of a setting',
        params: KeyParams,
        response: { 200: List(SettingVersion) },
      },
    },
    async (req) => listOf(await listSettingVersions(ctxOf(req, 'settings.read'), req.params.key)),
  );
  r.put(
    '/api/settings/:key',
    {
      schema: {
        tags,
        summary: 'Set a value, now or from a later date',
        params: KeyParams,
        body: SettingPut,
        response: { 200: SettingInfo },
      },
    },
    async (req) => changeSetting(ctxOf(req, 'settings.manage'), req.params.key, req.body),
  );
}
