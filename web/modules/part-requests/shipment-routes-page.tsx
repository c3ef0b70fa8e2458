import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, InputNumber, Modal, Popconfirm, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

interface RouteRow {
  id: string;
  fromDepotId: string;
  fromDepotCode: string;
  fromDepotName: string;
  toOrgUnitId: string;
  toOrgUnitCode: string;
  toOrgUnitName: string;
  promisedDays: number;
  updatedAt: string;
}
type Editing = { kind: 'new' } | { kind: 'edit'; row: RouteRow } | null;

/**
 * Promised days per shipping route (docs/parts-requests.md, "Promised days per route"): an HQ or
 * center depot's promise to the depots under a unit. Read by every parts reader; kept by
 * parts.manage. The default (parts.shipmentPromisedDays) stays in the settings.
 */
export function ShipmentRoutesPage() {
  const { t } = useI18n();
  const me = useMe().data;
  const manage = can(me, 'parts.manage');
  const list = useApiQuery('GET /api/part-shipment-routes', {});
  const [editing, setEditing] = useState<Editing>(null);
  const qc = useQueryClient();
  const onError = useApiError();
  const { message } = App.useApp();
  const remove = async (id: string) => {
    try {
      await api.call('DELETE /api/part-shipment-routes/:id', { params: { id } });
      message.success(t('shipRoute.removed'));
      await invalidateUrls(qc, '/api/part-shipment-routes');
    } catch (err) {
      onError(err);
    }
  };
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('shipRoute.title')}
        </Typography.Title>
        {manage ? (
          <Button type="primary" onClick={() => setEditing({ kind: 'new' })}>
            {t('shipRoute.add')}
          </Button>
        ) : null}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('shipRoute.intro', { days: list.data?.defaultPromisedDays ?? '—' })}
      </Typography.Paragraph>
      <Table<RouteRow>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('shipRoute.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { key: 'from', title: t('shipRoute.from'), render: (_, r) => `${r.fromDepotCode} ${r.fromDepotName}` },
          { key: 'to', title: t('shipRoute.to'), render: (_, r) => `${r.toOrgUnitCode} ${r.toOrgUnitName}` },
          {
            key: 'days',
            title: t('shipRoute.days'),
            render: (_, r) => t('shipRoute.daysValue', { days: r.promisedDays }),
          },
          { key: 'updated', title: t('shipRoute.updated'), render: (_, r) => formatDateTime(r.updatedAt) },
          ...(manage
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, r: RouteRow) => (
                    <Flex gap={4}>
                      <Button type="link" size="small" onClick={() => setEditing({ kind: 'edit', row: r })}>
                        {t('shipRoute.edit')}
                      </Button>
                      <Popconfirm
                        title={t('shipRoute.removeConfirm')}
                        okText={t('shipRoute.remove')}
                        cancelText={t('common.cancel')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove(r.id)}
                      >
                        <Button type="link" size="small" danger>
                          {t('shipRoute.remove')}
                        </Button>
                      </Popconfirm>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? <RouteDialog editing={editing} onClose={() => setEditing(null)} /> : null}
    </Flex>
  );
}

/** Adds or changes a route (PUT sets the promise of a depot and unit); a refusal shows on its field. */
function RouteDialog({ editing, onClose }: { editing: NonNullable<Editing>; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const qc = useQueryClient();
  const onError = useApiError();
  const { message } = App.useApp();
  const row = editing.kind === 'edit' ? editing.row : null;
  const depots = useApiQuery('GET /api/parts/depots', {});
  const units = useApiQuery('GET /api/org/units', {});
  // Only HQ and center depots ship to outlets (an outlet's own stock is issued to its orders).
  const depotOptions = (depots.data?.items ?? [])
    .filter((d) => d.active && (d.kind === 'hq' || d.kind === 'center'))
    .map((d) => ({ value: d.id, label: `${d.code} ${d.name}` }));
  const unitOptions = (units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.code} ${u.name}` }));
  const submit = async (v: { fromDepotId: string; toOrgUnitId: string; promisedDays: number }) => {
    setBusy(true);
    try {
      await api.call('PUT /api/part-shipment-routes', { body: v });
      message.success(t('shipRoute.saved'));
      await invalidateUrls(qc, '/api/part-shipment-routes');
      onClose();
    } catch (err) {
      onError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t(row ? 'shipRoute.edit' : 'shipRoute.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          row
            ? { fromDepotId: row.fromDepotId, toOrgUnitId: row.toOrgUnitId, promisedDays: row.promisedDays }
            : undefined
        }
      >
        <Form.Item name="fromDepotId" label={t('shipRoute.from')} rules={[{ required: true }]}>
          <Select disabled={!!row} showSearch={{ optionFilterProp: 'label' }} options={depotOptions} />
        </Form.Item>
        <Form.Item name="toOrgUnitId" label={t('shipRoute.to')} rules={[{ required: true }]}>
          <Select disabled={!!row} showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
        </Form.Item>
        <Form.Item name="promisedDays" label={t('shipRoute.days')} rules={[{ required: true }]}>
          <InputNumber min={0} max={365} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
