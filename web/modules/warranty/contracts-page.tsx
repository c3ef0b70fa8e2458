import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  CONTRACT_KINDS,
  CONTRACT_STATUSES,
  type ContractCreate,
  type ServiceContract,
} from '../../../server/modules/warranty/contract.js';
import { api, isApiError } from '../../api/client.js';
import { invalidateUrls, useApiList, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { useT } from '../../i18n/index.js';
import { CONTRACTS_URL, WARRANTY_UNITS_URL } from './warranty-api.js';
import { fenToYuan, formatYuan, yuanToFen } from './warranty-rules.js';

/** The contracts of a unit or a customer, with create and edit (customers.manage). */
export function ContractsTable({
  unitId,
  customerId,
  allowCreate = true,
}: {
  unitId?: string;
  customerId?: string;
  allowCreate?: boolean;
}) {
  const t = useT();
  const me = useMe().data;
  const manage = can(me, 'customers.manage');
  const list = useApiList('GET /api/warranty/contracts', { query: { unitId, customerId } });
  const [editing, setEditing] = useState<ServiceContract | 'new' | null>(null);
  return (
    <Flex vertical gap={8}>
      {manage && allowCreate && (unitId || customerId) ? (
        <Flex justify="flex-end">
          <Button onClick={() => setEditing('new')} data-testid="new-contract">
            {t('warranty.contract.new')}
          </Button>
        </Flex>
      ) : null}
      <Table<ServiceContract>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        columns={[
          { key: 'code', title: t('warranty.contract.code'), dataIndex: 'code' },
          {
            key: 'kind',
            title: t('warranty.contract.kind'),
            render: (_, c) => t(`warranty.contract.kind.${c.kind}`),
          },
          {
            key: 'target',
            title: t('warranty.contract.target'),
            render: (_, c) =>
              c.unitId ? (
                <Link to={`/units/${c.unitId}`}>{t('warranty.contract.targetUnit')}</Link>
              ) : (
                <Link to={`/customers/${c.customerId}`}>{t('warranty.contract.targetCustomer')}</Link>
              ),
          },
          {
            key: 'covers',
            title: `${t('warranty.labour')}/${t('warranty.parts')}`,
            render: (_, c) => (
              <Space size={4} wrap>
                {c.coversLabour ? <Tag color="green">{t('warranty.contract.coversLabour')}</Tag> : null}
                {c.coversParts ? <Tag color="green">{t('warranty.contract.coversParts')}</Tag> : null}
                {c.materialsAtCost ? <Tag color="blue">{t('warranty.contract.materialsAtCost')}</Tag> : null}
              </Space>
            ),
          },
          {
            key: 'period',
            title: t('warranty.contract.period'),
            render: (_, c) => `${c.startsOn} ~ ${c.endsOn ?? t('warranty.openEnded')}`,
          },
          { key: 'price', title: t('warranty.contract.price'), render: (_, c) => formatYuan(c.priceFen) },
          {
            key: 'visits',
            title: t('warranty.contract.visits'),
            render: (_, c) => `${c.visitsUsed} / ${c.visitsIncluded ?? t('warranty.contract.unlimited')}`,
          },
          {
            key: 'status',
            title: t('warranty.contract.status'),
            render: (_, c) => (
              <Tag color={c.status === 'active' ? 'green' : 'default'}>{t(`warranty.contract.status.${c.status}`)}</Tag>
            ),
          },
          ...(manage
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, c: ServiceContract) => (
                    <Button type="link" onClick={() => setEditing(c)}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <ContractModal
          contract={editing === 'new' ? null : editing}
          unitId={unitId}
          customerId={customerId}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Flex>
  );
}

interface ContractForm {
  kind: ServiceContract['kind'];
  coversParts: boolean;
  coversLabour: boolean;
  materialsAtCost: boolean;
  startsOn: Dayjs;
  endsOn?: Dayjs | null;
  /** New contracts: the term in months; the server computes the end as every warranty period. */
  months?: number | null;
  priceYuan?: number | null;
  visitsIncluded?: number | null;
  visitsUsed?: number;
  status?: ServiceContract['status'];
  forCustomer?: boolean;
  note?: string;
}

function ContractModal({
  contract,
  unitId,
  customerId,
  onClose,
}: {
  contract: ServiceContract | null;
  unitId?: string;
  customerId?: string;
  onClose: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useApiError();
  const [form] = Form.useForm<ContractForm>();
  const [saving, setSaving] = useState(false);
  const submit = async (v: ContractForm) => {
    setSaving(true);
    const fields = {
      kind: v.kind,
      coversParts: !!v.coversParts,
      coversLabour: !!v.coversLabour,
      materialsAtCost: !!v.materialsAtCost,
      startsOn: v.startsOn.format('YYYY-MM-DD'),
      endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
      priceFen: yuanToFen(v.priceYuan) ?? 0,
      visitsIncluded: v.visitsIncluded ?? null,
      note: v.note?.trim() || null,
    };
    try {
      if (contract) {
        await api.call('PATCH /api/warranty/contracts/:id', {
          params: { id: contract.id },
          body: {
            ...fields,
            visitsUsed: v.visitsUsed ?? contract.visitsUsed,
            status: v.status ?? contract.status,
            version: contract.version,
          },
        });
      } else {
        const target: Pick<ContractCreate, 'unitId' | 'customerId'> =
          unitId && !v.forCustomer ? { unitId } : { unitId: null, customerId };
        const term = !v.endsOn && v.months ? { months: v.months } : {};
        await api.call('POST /api/warranty/contracts', { body: { ...fields, ...term, ...target } });
      }
      message.success(t('warranty.contract.saved'));
      await invalidateUrls(qc, CONTRACTS_URL, WARRANTY_UNITS_URL);
      onClose();
    } catch (e) {
      if (isApiError(e) && e.code === 'entity.version_conflict') {
        // Someone else changed it: say who and when, show the contract as it is now.
        message.warning(e.detail, 6);
        await invalidateUrls(qc, CONTRACTS_URL);
        onClose();
      } else onError(e, form);
    } finally {
      setSaving(false);
    }
  };
  const initial: Partial<ContractForm> = contract
    ? {
        kind: contract.kind,
        coversParts: contract.coversParts,
        coversLabour: contract.coversLabour,
        materialsAtCost: contract.materialsAtCost,
        startsOn: dayjs(contract.startsOn),
        endsOn: contract.endsOn ? dayjs(contract.endsOn) : null,
        priceYuan: fenToYuan(contract.priceFen),
        visitsIncluded: contract.visitsIncluded,
        visitsUsed: contract.visitsUsed,
        status: contract.status,
        note: contract.note ?? '',
      }
    : {
        kind: 'extended_warranty',
        coversParts: true,
        coversLabour: true,
        materialsAtCost: false,
        startsOn: dayjs(),
        endsOn: null,
        months: 12,
        priceYuan: 0,
        forCustomer: false,
      };
  return (
    <Modal
      open
      width={640}
      title={contract ? `${t('warranty.contract.edit')} · ${contract.code}` : t('warranty.contract.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form<ContractForm>
        form={form}
        layout="vertical"
        name="warranty-contract"
        initialValues={initial}
        onFinish={submit}
        onValuesChange={(changed) => {
          if (changed.kind === 'lifetime_paid') {
            form.setFieldsValue({
              materialsAtCost: true,
              coversParts: false,
              coversLabour: false,
              endsOn: null,
              months: null,
            });
          }
          // A term in months or an end date, not both.
          if (changed.months) form.setFieldsValue({ endsOn: null });
          if (changed.endsOn) form.setFieldsValue({ months: null });
        }}
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="kind"
            label={t('warranty.contract.kind')}
            rules={[{ required: true }]}
            style={{ width: 200 }}
          >
            <Select options={CONTRACT_KINDS.map((k) => ({ value: k, label: t(`warranty.contract.kind.${k}`) }))} />
          </Form.Item>
          {!contract && unitId && customerId ? (
            <Form.Item name="forCustomer" label={t('warranty.contract.target')} style={{ width: 200 }}>
              <Select
                options={[
                  { value: false, label: t('warranty.contract.targetUnit') },
                  { value: true, label: t('warranty.contract.targetCustomer') },
                ]}
              />
            </Form.Item>
          ) : null}
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="coversLabour" valuePropName="checked">
            <Checkbox>{t('warranty.contract.coversLabour')}</Checkbox>
          </Form.Item>
          <Form.Item name="coversParts" valuePropName="checked">
            <Checkbox>{t('warranty.contract.coversParts')}</Checkbox>
          </Form.Item>
          <Form.Item name="materialsAtCost" valuePropName="checked">
            <Checkbox>{t('warranty.contract.materialsAtCost')}</Checkbox>
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="startsOn" label={t('warranty.contract.startsOn')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          {contract ? null : (
            <Form.Item
              name="months"
              label={t('warranty.contract.months')}
              tooltip={t('warranty.contract.monthsHelp')}
              style={{ width: 120 }}
            >
              <InputNumber min={1} max={600} style={{ width: '100%' }} />
            </Form.Item>
          )}
          <Form.Item name="endsOn" label={t('warranty.contract.endsOn')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="priceYuan" label={t('warranty.contract.price')} style={{ width: 160 }}>
            <InputNumber min={0} max={100_000_000} precision={2} prefix="¥" style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="visitsIncluded" label={t('warranty.contract.visitsIncluded')} style={{ width: 200 }}>
            <InputNumber min={0} max={1000} style={{ width: '100%' }} />
          </Form.Item>
          {contract ? (
            <>
              <Form.Item name="visitsUsed" label={t('warranty.contract.visitsUsed')} style={{ width: 120 }}>
                <InputNumber min={0} max={1000} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="status" label={t('warranty.contract.status')} style={{ width: 140 }}>
                <Select
                  options={CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`warranty.contract.status.${s}`) }))}
                />
              </Form.Item>
            </>
          ) : null}
        </Flex>
        <Form.Item name="note" label={t('warranty.contract.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Finds a unit by its serial number (beginning or exact), for the contract search. */
function SerialSearch({ value, onChange }: { value?: string; onChange: (id: string | undefined) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const units = useApiQuery('GET /api/units', q.trim() ? { query: { q: q.trim(), pageSize: 20 } } : null, {
    placeholderData: (p) => p,
  });
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v: string | undefined) => onChange(v)}
      placeholder={t('warranty.contracts.serial')}
      style={{ width: 320 }}
      options={(units.data?.items ?? []).map((u) => ({
        value: u.id,
        label: `${u.serialNo} · ${u.modelName} · ${u.customerName}`,
      }))}
    />
  );
}

/** Service contracts of my area, newest first; narrowed to one unit (by serial) or one customer (from its page). */
export function ContractsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const customerId = params.get('customerId') ?? undefined;
  const set = (key: 'unitId' | 'customerId', v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(key, v);
    else next.delete(key);
    setParams(next);
  };
  return (
    <>
      <PageHeader title={t('warranty.contracts.title')} />
      <Typography.Paragraph type="secondary">{t('warranty.contracts.intro')}</Typography.Paragraph>
      <Card>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
          <SerialSearch value={unitId} onChange={(v) => set('unitId', v)} />
          {customerId ? (
            <Tag closable onClose={() => set('customerId', undefined)}>
              <Link to={`/customers/${customerId}`}>{t('warranty.contract.targetCustomer')}</Link>
            </Tag>
          ) : null}
          {unitId ? <Link to={`/units/${unitId}`}>{t('warranty.contracts.openUnit')}</Link> : null}
        </Flex>
        <ContractsTable key={`${unitId}-${customerId}`} unitId={unitId} customerId={customerId} />
      </Card>
    </>
  );
}
