import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, InputNumber, Modal, Select, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { SettingInfo } from '../../../server/platform/config/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { SETUP_URL } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { isProviderSetting, providerFormValues, providerValueOf, SECRET_MASK } from './provider-fields.js';
import { ProviderFields } from './provider-settings.js';
import { optionLabel, SETTINGS_URL, settingLabel, valueKind } from './settings-api.js';

/** Secret settings held as a plain string (read back as the mask), edited as a password. */
const SECRET_STRINGS = ['messages.hookToken'];

interface EditForm {
  value: unknown;
  effectiveFrom?: Dayjs | null;
  note?: string;
}

export function SettingEditModal({ setting, onClose }: { setting: SettingInfo; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<EditForm>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const kind = valueKind(setting);
  const label = settingLabel(setting, lang);
  // The message providers' settings get a form of their own instead of JSON.
  const provider = isProviderSetting(setting.key) ? setting.key : null;
  const secret = kind === 'string' && (SECRET_STRINGS.includes(setting.key) || setting.value === SECRET_MASK);

  const save = useMutation({
    mutationFn: (v: EditForm) => {
      const value = provider
        ? providerValueOf(provider, (v.value ?? {}) as Record<string, unknown>)
        : kind === 'json'
          ? JSON.parse(String(v.value))
          : v.value;
      return api.call('PUT /api/settings/:key', {
        params: { key: setting.key },
        body: {
          value,
          effectiveFrom: v.effectiveFrom ? v.effectiveFrom.toISOString() : undefined,
          note: v.note?.trim() || undefined,
        },
      });
    },
    onSuccess: async (_, v) => {
      message.success(
        v.effectiveFrom?.isAfter(Date.now())
          ? t('settings.scheduled', { at: formatDateTime(v.effectiveFrom.toISOString()) })
          : t('settings.saved'),
      );
      // The company name also heads every page.
      await invalidateUrls(qc, SETTINGS_URL, SETUP_URL);
      onClose();
    },
    onError: (err) => showError(err, form),
  });

  const initialValue = provider
    ? providerFormValues(provider, setting.value ?? setting.default)
    : kind === 'json'
      ? JSON.stringify(setting.value ?? setting.default, null, 2)
      : setting.value;
  const editor =
    kind === 'choice' ? (
      <Select
        options={(setting.options ?? []).map((o) => ({ value: o.value, label: optionLabel(setting, o.value, lang) }))}
      />
    ) : kind === 'number' ? (
      <InputNumber style={{ width: '100%' }} />
    ) : kind === 'boolean' ? (
      <Switch checkedChildren={t('settings.on')} unCheckedChildren={t('settings.off')} />
    ) : kind === 'string' ? (
      secret ? (
        <Input.Password autoComplete="new-password" />
      ) : (
        <Input />
      )
    ) : (
      <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} />
    );
  const jsonRule = {
    validator: (_: unknown, v: unknown) => {
      try {
        JSON.parse(String(v));
        return Promise.resolve();
      } catch {
        return Promise.reject(new Error(t('settings.jsonInvalid')));
      }
    },
  };

  return (
    <Modal
      open
      title={t('settings.editTitle', { label })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" copyable={{ text: setting.key }}>
        {setting.key}
      </Typography.Paragraph>
      <Form<EditForm>
        form={form}
        name="setting"
        layout="vertical"
        colon={false}
        initialValues={{ value: initialValue }}
        onFinish={(v) => save.mutate(v)}
      >
        {provider ? (
          <ProviderFields settingKey={provider} />
        ) : (
          <Form.Item
            name="value"
            label={t('settings.newValue')}
            valuePropName={kind === 'boolean' ? 'checked' : 'value'}
            extra={kind === 'json' ? t('settings.jsonHelp') : secret ? t('settings.secretHint') : undefined}
            rules={kind === 'boolean' ? [] : kind === 'json' ? [{ required: true }, jsonRule] : [{ required: true }]}
          >
            {editor}
          </Form.Item>
        )}
        <Form.Item name="effectiveFrom" label={t('settings.effectiveFrom')} extra={t('settings.effectiveNow')}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('settings.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
