import { Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CampaignDetail } from '../../../server/modules/recalls/contract.js';
import { api, type BodyOf } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';
import { useRecallCommand } from './recalls-api.js';

/*
 * A campaign's definition (a new draft, or a draft changed): the titles, the reason, the models,
 * and the criteria — a serial range (both bounds of one length), a batch as a serial prefix,
 * purchase dates — and the effective days. The server judges the criteria and names the field
 * it refuses; the form shows it there.
 */

type Body = BodyOf<'POST /api/recalls'>;

interface Values {
  titleZh: string;
  titleEn: string;
  reason: string;
  modelIds: string[];
  serialFrom?: string;
  serialTo?: string;
  serialPrefix?: string;
  purchased?: [Dayjs | null, Dayjs | null] | null;
  effective: [Dayjs | null, Dayjs | null];
}

const day = (d: Dayjs | null | undefined) => (d?.isValid() ? d.format('YYYY-MM-DD') : undefined);
const text = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

function bodyOf(v: Values): Body {
  return {
    title: { 'zh-CN': v.titleZh.trim(), en: v.titleEn.trim() },
    reason: v.reason.trim(),
    modelIds: v.modelIds,
    serialFrom: text(v.serialFrom),
    serialTo: text(v.serialTo),
    serialPrefix: text(v.serialPrefix),
    purchasedFrom: day(v.purchased?.[0]),
    purchasedTo: day(v.purchased?.[1]),
    effectiveFrom: day(v.effective?.[0]) ?? dayjs().format('YYYY-MM-DD'),
    effectiveUntil: day(v.effective?.[1]),
  };
}

/** Several models, searched in the catalog by code or name as one types. */
function ModelsSelect({
  value,
  onChange,
  id,
  known,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  id?: string;
  known: { id: string; code: string; name: string }[];
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const models = useApiQuery(
    'GET /api/catalog/models',
    { query: { q: q.trim() || undefined, pageSize: 30 } },
    { placeholderData: (prev) => prev },
  );
  const options = (models.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.code} · ${m.name}` }));
  for (const m of known)
    if (!options.some((o) => o.value === m.id)) options.unshift({ value: m.id, label: `${m.code} · ${m.name}` });
  return (
    <Select
      id={id}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(ids: string[]) => onChange?.(ids)}
      options={options}
      loading={models.isFetching}
      placeholder={t('rc.form.modelSearch')}
    />
  );
}

export function CampaignFormModal({
  campaign,
  onClose,
  onSaved,
}: {
  /** The draft changed; none: a new campaign. */
  campaign?: CampaignDetail;
  onClose: () => void;
  onSaved: (c: CampaignDetail) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const save = useRecallCommand(
    (body: Body) =>
      campaign
        ? api.call('PUT /api/recalls/:id', {
            params: { id: campaign.id },
            body: { ...body, version: campaign.version },
          })
        : api.call('POST /api/recalls', { body }),
    {
      form,
      onDone: onSaved,
      success: (c) => (campaign ? t('rc.form.saved') : t('rc.form.created', { code: c.code })),
    },
  );
  const initial: Partial<Values> = campaign
    ? {
        titleZh: campaign.title['zh-CN'],
        titleEn: campaign.title.en,
        reason: campaign.reason,
        modelIds: campaign.models.map((m) => m.id),
        serialFrom: campaign.serialFrom ?? undefined,
        serialTo: campaign.serialTo ?? undefined,
        serialPrefix: campaign.serialPrefix ?? undefined,
        purchased:
          campaign.purchasedFrom || campaign.purchasedTo
            ? [
                campaign.purchasedFrom ? dayjs(campaign.purchasedFrom) : null,
                campaign.purchasedTo ? dayjs(campaign.purchasedTo) : null,
              ]
            : null,
        effective: [dayjs(campaign.effectiveFrom), campaign.effectiveUntil ? dayjs(campaign.effectiveUntil) : null],
      }
    : { modelIds: [], effective: [dayjs(), null] };
  return (
    <Modal
      open
      width={720}
      title={campaign ? t('rc.form.edit') : t('rc.form.new')}
      okText={t('rc.form.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="recall-campaign"
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(bodyOf(v))}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="titleZh" label={t('rc.form.titleZh')} rules={[{ required: true, min: 2, max: 120 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="titleEn" label={t('rc.form.titleEn')} rules={[{ required: true, min: 2, max: 160 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reason" label={t('rc.form.reason')} rules={[{ required: true, min: 2, max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="modelIds" label={t('rc.form.models')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <ModelsSelect known={campaign?.models ?? []} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="serialFrom" label={t('rc.form.serialFrom')} extra={t('rc.form.serialHelp')}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="serialTo" label={t('rc.form.serialTo')}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="serialPrefix" label={t('rc.form.serialPrefix')} extra={t('rc.form.serialPrefixHelp')}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="purchased" label={t('rc.form.purchased')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="effective"
          label={t('rc.form.effective')}
          extra={t('rc.form.effectiveHelp')}
          rules={[{ required: true }]}
        >
          <DatePicker.RangePicker allowEmpty={[false, true]} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
