import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Drawer,
  Flex,
  Form,
  type FormInstance,
  Input,
  Row,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type FocusEvent, useEffect, useRef, useState } from 'react';
import { COMMON_VARIABLES } from '../../../shared/message-events.js';
import type { Lang } from '../../../shared/i18n.js';
import { ApiError, api, type BodyOf, isApiError, type ResponseOf } from '../../api/client.js';
import { fieldMessage, type NamePath, toNamePath } from '../../api/field-errors.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { channelKey } from '../outbox/outbox-parts.js';
import { type Channel, insertAt, smsParts, TEMPLATES_URL, templateErrorPath } from './messages-rules.js';
import type { EventTemplates } from './templates-page.js';

type Version = ResponseOf<'GET /api/messages/templates/:event/:channel'>['items'][number];
type TemplateBody = BodyOf<'POST /api/messages/templates/:event/:channel'>;
type Preview = ResponseOf<'POST /api/messages/templates/:event/:channel/preview'>;

interface TemplateForm {
  enabled: boolean;
  subject?: { 'zh-CN'?: string; en?: string };
  body: { 'zh-CN'?: string; en?: string };
  providerCode?: string;
  signature?: string;
  effectiveFrom?: Dayjs | null;
  note?: string;
}

const LANGS: readonly Lang[] = ['zh-CN', 'en'];

/** What the form says, as the save and preview endpoints take it. */
function bodyOf(channel: Channel, v: TemplateForm): TemplateBody {
  return {
    enabled: !!v.enabled,
    subject: channel === 'email' ? { 'zh-CN': v.subject?.['zh-CN'] ?? '', en: v.subject?.en ?? '' } : undefined,
    body: { 'zh-CN': v.body?.['zh-CN'] ?? '', en: v.body?.en ?? '' },
    providerCode: channel === 'email' ? undefined : v.providerCode?.trim() || null,
    signature: channel === 'sms' ? v.signature?.trim() || null : undefined,
    effectiveFrom: v.effectiveFrom ? v.effectiveFrom.toISOString() : undefined,
    note: v.note?.trim() || undefined,
  };
}

/** A refusal with its field paths named as this form names its fields. */
function onTemplateFields(err: unknown): unknown {
  if (!isApiError(err) || !err.errors.length) return err;
  return new ApiError(err.status, {
    code: err.code,
    detail: err.detail,
    params: err.params,
    errors: err.errors.map((e) => ({ ...e, path: templateErrorPath(e.path) })),
  });
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

/**
 * One event's template on one channel: on or off, the wording in both languages (and the subject
 * of an e-mail), the provider's template code and signature, from now or a later date. The
 * event's variables are listed beside it (a click puts one at the caret); a preview with the
 * event's example values follows the typing, refused as the save would be, the refusal on its field.
 */
export function TemplateEditor({
  item,
  channel,
  onClose,
}: {
  item: EventTemplates;
  channel: Channel;
  onClose: () => void;
}) {
  const { t, pick, lang } = useI18n();
  const me = useMe().data;
  const isPhone = useIsPhone();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  // Field names are paths built at run time (a refusal's, the caret's): the form is not typed by them.
  const [form] = Form.useForm();
  const current = item.channels.find((c) => c.channel === channel)!;
  const canManage = can(me, 'settings.manage');
  const versions = useApiQuery('GET /api/messages/templates/:event/:channel', {
    params: { event: item.event, channel },
  });

  const initial: TemplateForm = {
    enabled: current.enabled,
    subject: current.subject ?? { 'zh-CN': '', en: '' },
    body: current.body,
    providerCode: current.providerCode ?? '',
    signature: current.signature ?? '',
    effectiveFrom: null,
    note: '',
  };

  // The field the caret was last in, for the variables to go to.
  const active = useRef<{ name: NamePath; el: HTMLInputElement | HTMLTextAreaElement } | null>(null);
  const track = (name: NamePath) => ({
    onFocus: (e: FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      active.current = { name, el: e.target };
    },
  });
  const insert = (variable: string) => {
    const a = active.current;
    const name = a?.name ?? ['body', 'zh-CN'];
    const text = String(form.getFieldValue(name) ?? '');
    const start = a?.el.selectionStart ?? text.length;
    const end = a?.el.selectionEnd ?? text.length;
    const next = insertAt(text, start, end, `{{${variable}}}`);
    form.setFieldValue(name, next.text);
    void form.validateFields([name]).catch(() => undefined);
    if (a) {
      requestAnimationFrame(() => {
        a.el.focus();
        a.el.setSelectionRange(next.caret, next.caret);
      });
    }
  };

  // The live preview: the form as it stands, a moment after the typing stops, in both languages.
  const values = Form.useWatch([], form) as TemplateForm | undefined;
  const input = values ? bodyOf(channel, { ...initial, ...values, effectiveFrom: null }) : null;
  const ready = !!input && !!input.body['zh-CN'].trim() && !!input.body.en.trim();
  const key = useDebounced(ready ? JSON.stringify(input) : null, 400);
  const preview = useQuery<Record<Lang, Preview>, ApiError>({
    queryKey: ['template-preview', item.event, channel, key],
    enabled: key !== null,
    retry: false,
    placeholderData: (prev) => prev,
    queryFn: async ({ signal }) => {
      const body = JSON.parse(key!) as TemplateBody;
      const [zh, en] = await Promise.all(
        LANGS.map((l) =>
          api.call(
            'POST /api/messages/templates/:event/:channel/preview',
            { params: { event: item.event, channel }, body: { ...body, lang: l } },
            { signal },
          ),
        ),
      );
      return { 'zh-CN': zh!, en: en! };
    },
  });
  usePreviewErrors(form, preview.error, preview.data && !preview.isError ? preview.dataUpdatedAt : 0);
  // While the text is refused, the last good preview stays, faded.
  const lastGood = useRef<Record<Lang, Preview> | undefined>(undefined);
  if (preview.data) lastGood.current = preview.data;
  const shown = preview.data ?? lastGood.current;

  const save = useMutation({
    mutationFn: (v: TemplateForm) =>
      api.call('POST /api/messages/templates/:event/:channel', {
        params: { event: item.event, channel },
        body: bodyOf(channel, v),
      }),
    onSuccess: async (_, v) => {
      message.success(
        v.effectiveFrom?.isAfter(Date.now())
          ? t('msgTpl.scheduled', { at: formatDateTime(v.effectiveFrom.toISOString()) })
          : t('msgTpl.saved'),
      );
      await invalidateUrls(qc, TEMPLATES_URL);
      onClose();
    },
    onError: (err) => showError(onTemplateFields(err), form),
  });

  const load = (v: Version) => {
    form.setFieldsValue({
      enabled: v.enabled,
      subject: v.subject ?? { 'zh-CN': '', en: '' },
      body: v.body,
      providerCode: v.providerCode ?? '',
      signature: v.signature ?? '',
    });
  };

  const variables = [
    ...item.variables.map((v) => ({ ...v, common: false })),
    ...Object.entries(COMMON_VARIABLES).map(([name, label]) => ({ name, label, required: false, common: true })),
  ];
  const langLabel = (l: Lang) => t(l === 'en' ? 'msgTpl.lang.en' : 'msgTpl.lang.zh');

  return (
    <Drawer
      open
      onClose={onClose}
      size={isPhone ? '100%' : 1000}
      title={`${pick(item.label)} · ${t(channelKey(channel))}`}
      extra={
        canManage ? (
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="tpl-save">
            {t('common.save')}
          </Button>
        ) : null
      }
    >
      <div data-testid="tpl-editor">
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={14}>
            <Form
              form={form}
              name="template"
              layout="vertical"
              colon={false}
              disabled={!canManage}
              initialValues={initial}
              onFinish={(v: TemplateForm) => save.mutate(v)}
            >
              <Form.Item name="enabled" label={t('msgTpl.enabledLabel')} valuePropName="checked">
                <Switch checkedChildren={t('msgTpl.enabled')} unCheckedChildren={t('msgTpl.disabled')} />
              </Form.Item>
              {channel === 'email'
                ? LANGS.map((l) => (
                    <Form.Item
                      key={`s-${l}`}
                      name={['subject', l]}
                      label={t('msgTpl.subject', { lang: langLabel(l) })}
                      rules={[{ required: true, whitespace: true }, { max: 2000 }]}
                    >
                      <Input {...track(['subject', l])} />
                    </Form.Item>
                  ))
                : null}
              {LANGS.map((l) => (
                <Form.Item
                  key={`b-${l}`}
                  name={['body', l]}
                  label={t('msgTpl.body', { lang: langLabel(l) })}
                  rules={[{ required: true, whitespace: true }, { max: 2000 }]}
                >
                  <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} {...track(['body', l])} />
                </Form.Item>
              ))}
              {channel !== 'email' ? (
                <Form.Item
                  name="providerCode"
                  label={t('msgTpl.providerCode')}
                  extra={t(channel === 'sms' ? 'msgTpl.providerCodeSms' : 'msgTpl.providerCodeWechat')}
                  rules={[{ max: 100 }]}
                >
                  <Input autoComplete="off" />
                </Form.Item>
              ) : null}
              {channel === 'sms' ? (
                <Form.Item
                  name="signature"
                  label={t('msgTpl.signature')}
                  extra={t('msgTpl.signatureHint')}
                  rules={[{ max: 30 }]}
                >
                  <Input autoComplete="off" />
                </Form.Item>
              ) : null}
              <Form.Item name="effectiveFrom" label={t('msgTpl.effectiveFrom')} extra={t('msgTpl.effectiveNow')}>
                <DatePicker showTime style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item name="note" label={t('msgTpl.note')} rules={[{ max: 500 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </Form>
          </Col>
          <Col xs={24} lg={10}>
            <Flex vertical gap={16}>
              <div data-testid="tpl-variables">
                <Typography.Title level={5}>{t('msgTpl.variables')}</Typography.Title>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                  {t(canManage ? 'msgTpl.variablesHint' : 'msgTpl.variablesHintRead')}
                </Typography.Paragraph>
                <Flex gap={6} wrap>
                  {variables.map((v) => (
                    <Tooltip key={v.name} title={`{{${v.name}}}`}>
                      <Button
                        size="small"
                        disabled={!canManage}
                        // Keep the caret where it is: the variable goes there.
                        onMouseDown={(e) => e.preventDefault()}
                        onClick={() => insert(v.name)}
                        data-variable={v.name}
                      >
                        {pick(v.label)}
                        {v.required ? <span style={{ color: '#ff4d4f' }}>*</span> : null}
                      </Button>
                    </Tooltip>
                  ))}
                </Flex>
              </div>
              <div>
                <Typography.Title level={5}>{t('msgTpl.preview')}</Typography.Title>
                {preview.isError ? (
                  <Alert type="error" showIcon title={preview.error.detail} data-testid="tpl-preview-error" />
                ) : null}
                {LANGS.map((l) => {
                  const p = shown?.[l];
                  return (
                    <div key={l} style={{ marginTop: 8, opacity: preview.isError ? 0.5 : 1 }}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {langLabel(l)}
                      </Typography.Text>
                      <div
                        style={{
                          whiteSpace: 'pre-wrap',
                          wordBreak: 'break-word',
                          background: '#fafafa',
                          border: '1px solid #f0f0f0',
                          borderRadius: 6,
                          padding: 10,
                          minHeight: 40,
                        }}
                        data-testid={`tpl-preview-${l}`}
                      >
                        {p?.subject ? (
                          <Typography.Paragraph strong style={{ marginBottom: 6 }}>
                            {p.subject}
                          </Typography.Paragraph>
                        ) : null}
                        {p?.body ?? ''}
                      </div>
                      {p && channel === 'sms' ? (
                        <Typography.Text
                          type={smsParts(p.length) > 1 ? 'warning' : 'secondary'}
                          style={{ fontSize: 12 }}
                          data-testid={`tpl-length-${l}`}
                        >
                          {t('msgTpl.smsLength', { n: p.length, parts: smsParts(p.length) })}
                        </Typography.Text>
                      ) : p ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('msgTpl.length', { n: p.length })}
                        </Typography.Text>
                      ) : null}
                    </div>
                  );
                })}
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
                  {channel === 'sms'
                    ? t(item.category === 'marketing' ? 'msgTpl.smsRuleMarketing' : 'msgTpl.smsRule')
                    : channel === 'email' && item.audience === 'customer'
                      ? t('msgTpl.emailFooter')
                      : null}
                </Typography.Paragraph>
              </div>
            </Flex>
          </Col>
        </Row>
        <Typography.Title level={5} style={{ marginTop: 8 }}>
          {t('msgTpl.versions')}
        </Typography.Title>
        <Table<Version>
          rowKey={(v) => v.versionId ?? v.createdAt}
          size="small"
          pagination={false}
          loading={versions.isFetching}
          dataSource={versions.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('msgTpl.noVersions') }}
          data-testid="tpl-versions"
          columns={[
            {
              key: 'from',
              title: t('msgTpl.effectiveFrom'),
              render: (_, v) => (v.effectiveFrom ? formatDateTime(v.effectiveFrom) : '—'),
            },
            {
              key: 'state',
              title: t('common.status'),
              render: (_, v) =>
                v.versionId === current.versionId ? (
                  <Tag color="green">{t('msgTpl.versionCurrent')}</Tag>
                ) : v.effectiveFrom && Date.parse(v.effectiveFrom) > Date.now() ? (
                  <Tag color="orange">{t('msgTpl.versionUpcoming')}</Tag>
                ) : (
                  <Tag>{t('msgTpl.versionPast')}</Tag>
                ),
            },
            {
              key: 'enabled',
              title: t('msgTpl.enabledLabel'),
              render: (_, v) => t(v.enabled ? 'msgTpl.enabled' : 'msgTpl.disabled'),
            },
            {
              key: 'body',
              title: t('msgTpl.body', { lang: langLabel(lang) }),
              render: (_, v) => (
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, maxWidth: 360 }}>
                  {v.body[lang]}
                </Typography.Paragraph>
              ),
            },
            { key: 'note', title: t('msgTpl.note'), render: (_, v) => v.note ?? '' },
            { key: 'at', title: t('msgTpl.savedAt'), render: (_, v) => formatDateTime(v.createdAt) },
            ...(canManage
              ? [
                  {
                    key: 'load',
                    title: t('common.actions'),
                    render: (_: unknown, v: Version) => (
                      <Button type="link" size="small" onClick={() => load(v)}>
                        {t('msgTpl.loadVersion')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </div>
    </Drawer>
  );
}

/**
 * The preview's refusal on the fields it names (an unknown variable on the text that uses it);
 * cleared from those fields once a preview goes through. `okAt` changes with each good preview.
 */
function usePreviewErrors(form: FormInstance, error: ApiError | null, okAt: number) {
  const marked = useRef<NamePath[]>([]);
  useEffect(() => {
    if (!error) return;
    const fields = error.errors.map((e) => {
      const path = templateErrorPath(e.path);
      return { name: toNamePath(path), errors: [fieldMessage(path, e.message) || error.detail] };
    });
    form.setFields(fields);
    marked.current = fields.map((f) => f.name);
  }, [error, form]);
  useEffect(() => {
    if (!okAt || !marked.current.length) return;
    form.setFields(marked.current.map((name) => ({ name, errors: [] })));
    marked.current = [];
  }, [okAt, form]);
}
