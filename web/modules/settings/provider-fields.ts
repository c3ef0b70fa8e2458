/*
 * The message providers' settings (messages.sms, messages.email, messages.wechat; schemas in
 * server/platform/notify/providers/config.ts) as a form: a provider to choose and that provider's
 * fields. Secrets read back as the mask; sent back unchanged, the server keeps the stored secret.
 * Pure, so the shaping of the value is tested without a browser.
 */

/** What a secret reads as (server/platform/config/registry.ts SECRET_MASK). */
export const SECRET_MASK = '••••••';

export type FieldKind = 'text' | 'url' | 'secret' | 'number' | 'boolean';

export interface ProviderField {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** Filled in for a provider newly chosen (the schema's default). */
  initial?: string | number | boolean;
}

export interface ProviderDef {
  provider: string;
  fields: ProviderField[];
}

const f = (name: string, kind: FieldKind, required = true, initial?: ProviderField['initial']): ProviderField => ({
  name,
  kind,
  required,
  ...(initial === undefined ? {} : { initial }),
});

export const PROVIDER_SETTINGS = {
  'messages.sms': [
    { provider: 'log', fields: [] },
    {
      provider: 'aliyun',
      fields: [
        f('endpoint', 'url', true, 'https://dysmsapi.aliyuncs.com'),
        f('accessKeyId', 'text'),
        f('accessKeySecret', 'secret'),
        f('signName', 'text'),
      ],
    },
    { provider: 'webhook', fields: [f('url', 'url'), f('secret', 'secret')] },
  ],
  'messages.email': [
    { provider: 'log', fields: [] },
    {
      provider: 'smtp',
      fields: [
        f('host', 'text'),
        f('port', 'number', true, 465),
        f('secure', 'boolean', true, true),
        f('user', 'text', false),
        f('password', 'secret', false),
        f('from', 'text'),
      ],
    },
  ],
  'messages.wechat': [
    { provider: 'log', fields: [] },
    {
      provider: 'wechat',
      fields: [
        f('apiBase', 'url', true, 'https://api.weixin.qq.com'),
        f('appId', 'text'),
        f('appSecret', 'secret'),
        f('token', 'secret'),
      ],
    },
  ],
} as const satisfies Record<string, readonly ProviderDef[]>;

export type ProviderSettingKey = keyof typeof PROVIDER_SETTINGS;

export function isProviderSetting(key: string): key is ProviderSettingKey {
  return Object.hasOwn(PROVIDER_SETTINGS, key);
}

export function providerDef(key: ProviderSettingKey, provider: string): ProviderDef | undefined {
  return (PROVIDER_SETTINGS[key] as readonly ProviderDef[]).find((p) => p.provider === provider);
}

export type ProviderValue = { provider: string } & Record<string, unknown>;

/** The form's starting values: the setting's value as read (secrets masked), or the first provider. */
export function providerFormValues(key: ProviderSettingKey, value: unknown): ProviderValue {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const provider = typeof v.provider === 'string' ? v.provider : PROVIDER_SETTINGS[key][0].provider;
  return { ...initialsOf(key, provider), ...v, provider };
}

/** A provider's defaults, for the form when the provider is switched to it. */
export function initialsOf(key: ProviderSettingKey, provider: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const fl of providerDef(key, provider)?.fields ?? []) if (fl.initial !== undefined) out[fl.name] = fl.initial;
  return out;
}

/**
 * The value to save: the chosen provider and its own fields only (another provider's fields left
 * in the form are dropped); text trimmed, optional fields left empty are omitted. A secret still
 * showing the mask is sent as the mask, which keeps the stored one.
 */
export function providerValueOf(key: ProviderSettingKey, form: Record<string, unknown>): ProviderValue {
  const provider = String(form.provider ?? '');
  const out: ProviderValue = { provider };
  for (const fl of providerDef(key, provider)?.fields ?? []) {
    let v = form[fl.name];
    if (typeof v === 'string' && fl.kind !== 'secret') v = v.trim();
    if (v === undefined || v === null || v === '') {
      if (fl.required && fl.kind === 'boolean') out[fl.name] = false;
      continue;
    }
    out[fl.name] = fl.kind === 'number' ? Number(v) : v;
  }
  return out;
}

/**
 * The URLs an administrator gives the providers for receipts and replies, under the public address.
 * Aliyun signs nothing: its URLs carry messages.hookToken as `?token=` (`token: true`).
 */
export function receiptUrls(
  key: ProviderSettingKey,
  provider: string,
  publicUrl: string,
): { kind: string; url: string; token: boolean }[] {
  const base = `${publicUrl.replace(/\/+$/, '')}/api/hooks/messages`;
  if (key === 'messages.sms' && provider === 'aliyun')
    return [
      { kind: 'aliyunReceipts', url: `${base}/sms/aliyun/receipts`, token: true },
      { kind: 'aliyunInbound', url: `${base}/sms/aliyun/inbound`, token: true },
    ];
  if (key === 'messages.sms' && provider === 'webhook')
    return [
      { kind: 'webhookReceipts', url: `${base}/sms/webhook/receipts`, token: false },
      { kind: 'webhookInbound', url: `${base}/sms/webhook/inbound`, token: false },
    ];
  if (key === 'messages.wechat' && provider === 'wechat')
    return [{ kind: 'wechat', url: `${base}/wechat`, token: false }];
  return [];
}
