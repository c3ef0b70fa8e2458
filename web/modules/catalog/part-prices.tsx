import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Flex, Form, Input, InputNumber, Table, Tag, Typography } from 'antd';
import type { PartPrice } from '../../../server/modules/parts/prices/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { useI18n } from '../../i18n/index.js';
import type { Part } from './catalog-api.js';

/** Who sees a part's prices (the parts stock readers). */
export function mayReadPrices(permissions: readonly string[]): boolean {
  return permissions.includes('parts.read') || permissions.includes('parts.manage');
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

interface PriceForm {
  /** In yuan on the form; sent in fen. Named as the API's fields so its errors land on them. */
  costFen: number;
  salePriceFen: number;
  effectiveFrom: string;
}

/** A part's prices (cost and sale price by effective day, history kept) and a form for a new one. */
export function PartPricesDrawer({ part, onClose }: { part: Part; onClose: () => void }) {
  const { t, lang } = useI18n();
  const me = useMe().data!;
  const mayManage = can(me, 'parts.manage');
  const url = `/api/parts/${part.id}/prices`;
  const prices = useApiQuery('GET /api/parts/:partId/prices', { params: { partId: part.id } });
  const [form] = Form.useForm<PriceForm>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useMutation({
    mutationFn: (v: PriceForm) =>
      api.call('PUT /api/parts/:partId/prices', {
        params: { partId: part.id },
        body: {
          costFen: Math.round(Number(v.costFen) * 100),
          salePriceFen: Math.round(Number(v.salePriceFen) * 100),
          effectiveFrom: v.effectiveFrom,
        },
      }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      form.resetFields();
      await invalidateUrls(qc, url);
    },
    onError: (err) => showError(err, form),
  });
  const current = prices.data?.current?.id;
  return (
    <Drawer
      open
      width={640}
      title={t('parts.prices.title', { name: lang === 'en' && part.nameEn ? part.nameEn : part.name })}
      onClose={onClose}
      destroyOnHidden
    >
      <Flex vertical gap={16}>
        <Table<PartPrice>
          rowKey="id"
          size="small"
          loading={prices.isFetching}
          dataSource={prices.data?.items}
          pagination={false}
          locale={{ emptyText: t('parts.prices.none') }}
          columns={[
            {
              key: 'from',
              title: t('parts.prices.effectiveFrom'),
              render: (_, p) => (
                <Flex gap={4} align="center">
                  {p.effectiveFrom}
                  {p.id === current ? <Tag color="green">{t('parts.prices.current')}</Tag> : null}
                </Flex>
              ),
            },
            { key: 'cost', title: t('parts.prices.cost'), align: 'right', render: (_, p) => yuan(p.costFen) },
            { key: 'sale', title: t('parts.prices.sale'), align: 'right', render: (_, p) => yuan(p.salePriceFen) },
            { key: 'by', title: t('parts.prices.by'), render: (_, p) => p.createdByName ?? '' },
            {
              key: 'at',
              title: t('parts.prices.at'),
              render: (_, p) => new Date(p.createdAt).toLocaleString(lang),
            },
          ]}
        />
        {mayManage ? (
          <>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('parts.prices.new')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('parts.prices.hint')}</Typography.Text>
            <Form<PriceForm> form={form} name="part-price" layout="inline" onFinish={(v) => save.mutate(v)}>
              <Form.Item name="costFen" label={t('parts.prices.costYuan')} rules={[{ required: true }]}>
                <InputNumber min={0} precision={2} step={1} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name="salePriceFen" label={t('parts.prices.saleYuan')} rules={[{ required: true }]}>
                <InputNumber min={0} precision={2} step={1} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name="effectiveFrom" label={t('parts.prices.effectiveFrom')} rules={[{ required: true }]}>
                <Input type="date" style={{ width: 160 }} />
              </Form.Item>
              <Form.Item>
                <Button type="primary" htmlType="submit" loading={save.isPending}>
                  {t('common.save')}
                </Button>
              </Form.Item>
            </Form>
          </>
        ) : null}
      </Flex>
    </Drawer>
  );
}
