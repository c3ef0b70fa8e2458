import {
  Alert,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Table,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  OFFER_RESPONSES,
  OFFER_STATES,
  type OfferItem,
  type OfferResponse,
  type OfferState,
} from '../../../server/modules/care/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { DivisionCascader } from '../../components/division-cascader.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { addDays, yuanToFen } from '../callbacks/callback-rules.js';
import { useRecordResponse } from './care-api.js';
import { DaysLeft, divisionCodes, OfferStateTag } from './care-parts.js';

/*
 * Warranty expiry and extended-warranty offers (保修到期与延保, docs/care.md): the units whose
 * warranty (as the warranty module dates it) ends within the lead, whether the reminder SMS went,
 * and the customer's answer. Recording "bought" creates the extended-warranty contract from the
 * day after the warranty ends; the price is typed in yuan and sent in fen. Filters live in the address.
 */

interface AnswerValues {
  response: OfferResponse;
  note?: string;
  contract?: { months?: number; priceFen?: string; coversParts?: boolean; coversLabour?: boolean };
}

function AnswerModal({ offer, onClose }: { offer: OfferItem; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<AnswerValues>();
  const response = Form.useWatch('response', form);
  const save = useRecordResponse(offer.unitId, form, onClose);
  const submit = (v: AnswerValues) => {
    let contract: { months: number; priceFen: number; coversParts: boolean; coversLabour: boolean } | undefined;
    if (v.response === 'bought') {
      const fen = yuanToFen(v.contract?.priceFen);
      if (!fen.ok) {
        form.setFields([{ name: ['contract', 'priceFen'], errors: [t('care.offers.priceInvalid')] }]);
        return;
      }
      contract = {
        months: v.contract?.months ?? 12,
        priceFen: fen.fen,
        coversParts: v.contract?.coversParts ?? true,
        coversLabour: v.contract?.coversLabour ?? true,
      };
    }
    save.mutate({
      version: offer.version,
      warrantyEndsOn: offer.warrantyEndsOn,
      response: v.response,
      ...(v.note ? { note: v.note } : {}),
      ...(contract ? { contract } : {}),
    });
  };
  return (
    <Modal
      open
      title={t('care.offers.recordTitle', { serialNo: offer.serialNo })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<AnswerValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          response: offer.state === 'open' ? undefined : offer.state,
          note: offer.note ?? undefined,
          contract: { months: 12, coversParts: true, coversLabour: true },
        }}
      >
        <Form.Item name="response" label={t('care.offers.response')} rules={[{ required: true }]}>
          <Radio.Group
            options={OFFER_RESPONSES.map((r) => ({ value: r, label: t(`care.state.${r}`) }))}
            optionType="button"
          />
        </Form.Item>
        {response === 'bought' ? (
          <>
            <Typography.Paragraph type="secondary">
              {t('care.offers.startsNote', { day: addDays(offer.warrantyEndsOn, 1) })}
            </Typography.Paragraph>
            <Flex gap={12} wrap>
              <Form.Item name={['contract', 'months']} label={t('care.offers.months')} rules={[{ required: true }]}>
                <InputNumber min={1} max={120} precision={0} />
              </Form.Item>
              <Form.Item name={['contract', 'priceFen']} label={t('care.offers.price')} rules={[{ required: true }]}>
                <Input inputMode="decimal" style={{ width: 160 }} />
              </Form.Item>
            </Flex>
            <Flex gap={12}>
              <Form.Item name={['contract', 'coversParts']} valuePropName="checked">
                <Checkbox>{t('care.offers.coversParts')}</Checkbox>
              </Form.Item>
              <Form.Item name={['contract', 'coversLabour']} valuePropName="checked">
                <Checkbox>{t('care.offers.coversLabour')}</Checkbox>
              </Form.Item>
            </Flex>
          </>
        ) : null}
        <Form.Item name="note" label={t('care.offers.note')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function OffersPage() {
  const { t, pick } = useI18n();
  const isPhone = useIsPhone();
  const me = useMe().data;
  const canManage = can(me, 'care.manage');
  const [params, setParams] = useSearchParams();
  const days = params.get('days');
  const query = {
    days: days ? Number(days) : undefined,
    state: (params.get('state') as OfferState | null) ?? undefined,
    province: params.get('province') ?? undefined,
  };
  const q = useApiQuery('GET /api/care/warranty-offers', { query }, { placeholderData: (prev) => prev });
  const [answering, setAnswering] = useState<OfferItem | null>(null);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  return (
    <>
      <PageHeader title={t('care.offers.title')} />
      {isPhone ? null : <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('care.offers.intro')} />}
      <Card styles={{ body: isPhone ? { padding: 12 } : undefined }}>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <InputNumber
            aria-label={t('care.offers.days')}
            placeholder={t('care.offers.days')}
            min={0}
            max={366}
            precision={0}
            value={query.days ?? null}
            style={{ width: 160 }}
            onChange={(v) => set({ days: v === null || v === undefined ? undefined : String(v) })}
          />
          <Select<OfferState | ''>
            aria-label={t('care.offers.state')}
            style={{ width: isPhone ? '100%' : 160 }}
            value={query.state ?? ''}
            onChange={(v) => set({ state: v || undefined })}
            options={[
              { value: '', label: t('care.offers.allStates') },
              ...OFFER_STATES.map((s) => ({ value: s, label: t(`care.state.${s}`) })),
            ]}
          />
          <DivisionCascader
            aria-label={t('care.area')}
            placeholder={t('care.area')}
            value={query.province ? divisionCodes(query.province) : undefined}
            style={{ width: isPhone ? '100%' : 240 }}
            onChange={(codes) => set({ province: codes[codes.length - 1] })}
          />
          <Typography.Text type="secondary">{t('care.count', { total: q.data?.total ?? 0 })}</Typography.Text>
        </Flex>
        <Table<OfferItem>
          rowKey={(o) => `${o.unitId}|${o.warrantyEndsOn}`}
          size="middle"
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          locale={{ emptyText: t('care.offers.empty') }}
          data-testid="care-offers"
          expandable={{
            rowExpandable: (o) => o.history.length > 0,
            expandedRowRender: (o) => (
              <Timeline
                items={o.history.map((h, i) => ({
                  key: i,
                  content: (
                    <Flex vertical gap={2}>
                      <Typography.Text type="secondary">
                        {formatDateTime(h.at)} · {h.actorName}
                      </Typography.Text>
                      <span>{pick(h.text)}</span>
                      {h.note ? <Typography.Text type="secondary">{h.note}</Typography.Text> : null}
                    </Flex>
                  ),
                }))}
              />
            ),
          }}
          columns={[
            {
              key: 'serial',
              title: t('care.serialNo'),
              render: (_, o) => <Link to={`/units/${o.unitId}`}>{o.serialNo}</Link>,
            },
            { key: 'model', title: t('care.model'), dataIndex: 'modelName' },
            { key: 'customer', title: t('care.customer'), dataIndex: 'customerName' },
            { key: 'ends', title: t('care.offers.endsOn'), dataIndex: 'warrantyEndsOn' },
            { key: 'days', title: t('care.daysLeft'), render: (_, o) => <DaysLeft days={o.daysLeft} /> },
            {
              key: 'sms',
              title: t('care.offers.reminded'),
              render: (_, o) => (o.remindedAt ? formatDateTime(o.remindedAt) : t('care.offers.notReminded')),
            },
            { key: 'state', title: t('care.offers.state'), render: (_, o) => <OfferStateTag state={o.state} /> },
            { key: 'note', title: t('care.offers.note'), render: (_, o) => o.note ?? t('care.none') },
            {
              key: 'by',
              title: t('care.offers.respondedBy'),
              render: (_, o) =>
                o.respondedAt ? `${o.respondedByName ?? ''} ${formatDateTime(o.respondedAt)}` : t('care.none'),
            },
            { key: 'contract', title: t('care.offers.contract'), render: (_, o) => o.contractCode ?? t('care.none') },
            ...(canManage
              ? [
                  {
                    key: 'act',
                    title: '',
                    render: (_: unknown, o: OfferItem) =>
                      o.state === 'bought' ? null : (
                        <Button size="small" onClick={() => setAnswering(o)} data-testid="care-record-answer">
                          {t('care.offers.record')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {answering ? <AnswerModal offer={answering} onClose={() => setAnswering(null)} /> : null}
    </>
  );
}
