import { Flex, Form, Input, InputNumber, Select, Switch, Tag, Typography } from 'antd';
import { useApiList } from '../../api/queries.js';
import { useI18n } from '../../i18n/index.js';
import {
  initialsOf,
  type ProviderField,
  type ProviderSettingKey,
  PROVIDER_SETTINGS,
  providerDef,
  receiptUrls,
  SECRET_MASK,
} from './provider-fields.js';

/*
 * The message providers' settings as a form (provider-fields.ts): the provider, then its fields;
 * secrets as password inputs that show the mask while a secret is stored. Under the SMS and WeChat
 * settings, the addresses the provider is given for its receipts and replies.
 */

/** The provider select and the chosen provider's fields, inside the setting's form (under `value`). */
export function ProviderFields({ settingKey }: { settingKey: ProviderSettingKey }) {
  const { t, tryT } = useI18n();
  const form = Form.useFormInstance();
  const provider = Form.useWatch(['value', 'provider'], form) as string | undefined;
  const def = provider ? providerDef(settingKey, provider) : undefined;
  const label = (f: ProviderField) => tryT(`settings.field.${f.name}`) ?? f.name;
  return (
    <>
      <Form.Item name={['value', 'provider']} label={t('settings.provider')} rules={[{ required: true }]}>
        <Select
          options={PROVIDER_SETTINGS[settingKey].map((p) => ({
            value: p.provider,
            label: tryT(`settings.provider.${p.provider}`) ?? p.provider,
          }))}
          onChange={(p: string) => {
            // A provider newly chosen starts from its defaults where the form has nothing yet.
            const now = (form.getFieldValue('value') ?? {}) as Record<string, unknown>;
            const fill = Object.entries(initialsOf(settingKey, p)).filter(([k]) => now[k] === undefined);
            if (fill.length) form.setFieldValue('value', { ...now, provider: p, ...Object.fromEntries(fill) });
          }}
        />
      </Form.Item>
      {provider === 'log' ? (
        <Typography.Paragraph type="secondary">{t('settings.providerLogHint')}</Typography.Paragraph>
      ) : null}
      {def?.fields.map((f) => {
        const name = ['value', f.name];
        const rules = [{ required: f.required && f.kind !== 'boolean' }];
        if (f.kind === 'boolean')
          return (
            <Form.Item key={f.name} name={name} label={label(f)} valuePropName="checked">
              <Switch checkedChildren={t('settings.on')} unCheckedChildren={t('settings.off')} />
            </Form.Item>
          );
        if (f.kind === 'number')
          return (
            <Form.Item key={f.name} name={name} label={label(f)} rules={rules}>
              <InputNumber style={{ width: '100%' }} min={1} max={65535} precision={0} />
            </Form.Item>
          );
        if (f.kind === 'secret')
          return (
            <Form.Item key={f.name} name={name} label={label(f)} rules={rules} extra={t('settings.secretHint')}>
              <Input.Password
                autoComplete="new-password"
                // A stored secret shows as the mask: typing replaces it all.
                onFocus={(e) => {
                  if (e.target.value === SECRET_MASK) e.target.select();
                }}
              />
            </Form.Item>
          );
        return (
          <Form.Item
            key={f.name}
            name={name}
            label={label(f)}
            rules={[...rules, ...(f.kind === 'url' ? [{ type: 'url' as const }] : [])]}
            extra={tryT(`settings.fieldHint.${f.name}`)}
          >
            <Input autoComplete="off" />
          </Form.Item>
        );
      })}
      {provider ? <ReceiptUrls settingKey={settingKey} provider={provider} /> : null}
    </>
  );
}

/** The addresses to give the provider for receipts and replies, from the portal's public address. */
export function ReceiptUrls({ settingKey, provider }: { settingKey: ProviderSettingKey; provider: string }) {
  const { t, tryT } = useI18n();
  const settings = useApiList('GET /api/settings', {});
  const publicUrl = settings.data?.find((s) => s.key === 'portal.publicUrl')?.value;
  const urls = typeof publicUrl === 'string' ? receiptUrls(settingKey, provider, publicUrl) : [];
  if (!urls.length) return null;
  return (
    <Flex vertical gap={4} data-testid={`receipt-urls-${settingKey}`}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('settings.receiptUrls')}
      </Typography.Text>
      {urls.map((u) => (
        <Flex key={u.kind} vertical>
          <Typography.Text style={{ fontSize: 12 }}>{tryT(`settings.receipt.${u.kind}`) ?? u.kind}</Typography.Text>
          <Typography.Text code copyable={{ text: u.token ? `${u.url}?token=` : u.url }} style={{ fontSize: 12 }}>
            {u.url}
            {u.token ? `?token=<${t('settings.receiptToken')}>` : ''}
          </Typography.Text>
        </Flex>
      ))}
      {urls.some((u) => u.token) ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('settings.receiptTokenHint')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** A provider setting's value in the table: the provider by name and its plain fields; secrets as set or not. */
export function ProviderSummary({ settingKey, value }: { settingKey: ProviderSettingKey; value: unknown }) {
  const { t, tryT } = useI18n();
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const provider = typeof v.provider === 'string' ? v.provider : '';
  const def = providerDef(settingKey, provider);
  return (
    <Flex vertical gap={2}>
      <span>
        <Tag color={provider === 'log' ? 'default' : 'blue'}>{tryT(`settings.provider.${provider}`) ?? provider}</Tag>
      </span>
      {def?.fields.map((f) => {
        const x = v[f.name];
        if (x === undefined || x === null || x === '') return null;
        const shown =
          f.kind === 'secret'
            ? t('settings.secretSet')
            : typeof x === 'boolean'
              ? t(x ? 'settings.on' : 'settings.off')
              : String(x);
        return (
          <Typography.Text key={f.name} type="secondary" style={{ fontSize: 12 }}>
            {tryT(`settings.field.${f.name}`) ?? f.name}: {shown}
          </Typography.Text>
        );
      })}
    </Flex>
  );
}
