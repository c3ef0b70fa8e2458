import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import {
  COMPLAINT_LEVELS,
  COMPLAINT_SEVERITIES,
  CRISIS_TRIGGERS,
  type ComplaintConfig,
  type ComplaintLevel,
  DEADLINE_CALENDARS,
  ROUTE_TARGETS,
  type RouteRow,
  type RoutingTable,
} from '../../../server/modules/complaints/contract.js';
import { type ApiError, api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { fenToYuanText } from '../statements/statement-rules.js';
import { yuanToFen } from './complaint-rules.js';

/*
 * The routing table and the complaint settings (docs/complaints-screens.md): where each type of
 * complaint goes, the answer deadline and starting level per severity, the calendar they count on,
 * which triggers make a crisis, and which level approves compensation up to which amount. Saved as
 * one audited change carrying the version read; a stale version is refused (409) and shown.
 */

interface Values {
  routes: RouteRow[];
  config: Omit<ComplaintConfig, 'compensationApproval'> & {
    compensationApproval: { upToFen: string; level: ComplaintLevel }[];
  };
}

function toValues(r: RoutingTable): Values {
  return {
    routes: r.routes,
    config: {
      ...r.config,
      compensationApproval: r.config.compensationApproval.map((a) => ({
        upToFen: fenToYuanText(a.upToFen),
        level: a.level,
      })),
    },
  };
}

export function ComplaintRoutesPage() {
  const t = useT();
  const me = useMe().data;
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const q = useApiQuery('GET /api/complaint-routes', {});
  const editable = can(me, 'complaints.manage');
  useEffect(() => {
    if (q.data) form.setFieldsValue(toValues(q.data));
  }, [q.data, form]);
  const save = useMutation<RoutingTable, ApiError, Values>({
    mutationFn: (v) =>
      api.call('PUT /api/complaint-routes', {
        body: {
          version: q.data?.version ?? 0,
          routes: v.routes.map((r) => ({
            type: r.type,
            target: r.target,
            departmentId: r.target === 'department' ? (r.departmentId ?? null) : null,
          })),
          config: {
            ...v.config,
            compensationApproval: v.config.compensationApproval.map((a) => {
              const fen = yuanToFen(a.upToFen);
              return { upToFen: fen.ok ? fen.fen : 0, level: a.level };
            }),
          },
        },
      }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await invalidateUrls(qc, '/api/complaint-routes', '/api/complaint-departments');
    },
    onError: (err) => showError(err, form),
  });
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  if (q.isPending)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  const table = q.data;
  const departments = table.departments.map((d) => ({ value: d.id, label: d.name }));
  return (
    <>
      <PageHeader
        title={t('cmp.routes.title')}
        extra={
          editable ? (
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
              {t('common.save')}
            </Button>
          ) : null
        }
      />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cmp.routes.intro')} />
      {table.updatedAt ? (
        <Typography.Paragraph type="secondary">
          {t('cmp.routes.updated', { at: formatDateTime(table.updatedAt), by: table.updatedBy ?? '' })}
        </Typography.Paragraph>
      ) : null}
      <Form<Values>
        form={form}
        name="complaint-routes"
        layout="vertical"
        disabled={!editable}
        initialValues={toValues(table)}
        onFinish={(v) => save.mutate(v)}
      >
        <Card size="small" title={t('cmp.routes.table')} style={{ marginBottom: 16 }}>
          <Form.List name="routes">
            {(fields) => (
              <Table
                rowKey="key"
                size="small"
                pagination={false}
                dataSource={fields}
                columns={[
                  {
                    key: 'type',
                    title: t('cmp.type'),
                    width: 220,
                    render: (_, f) => (
                      <>
                        <Form.Item name={[f.name, 'type']} hidden>
                          <Input />
                        </Form.Item>
                        {t(`cmp.type.${form.getFieldValue(['routes', f.name, 'type']) as RouteRow['type']}`)}
                      </>
                    ),
                  },
                  {
                    key: 'target',
                    title: t('cmp.routes.target'),
                    render: (_, f) => (
                      <Form.Item name={[f.name, 'target']} style={{ margin: 0 }}>
                        <Radio.Group
                          options={ROUTE_TARGETS.map((k) => ({ value: k, label: t(`cmp.routes.target.${k}`) }))}
                        />
                      </Form.Item>
                    ),
                  },
                  {
                    key: 'department',
                    title: t('cmp.department'),
                    width: 260,
                    render: (_, f) => (
                      <Form.Item noStyle dependencies={[['routes', f.name, 'target']]}>
                        {({ getFieldValue }) =>
                          getFieldValue(['routes', f.name, 'target']) === 'department' ? (
                            <Form.Item
                              name={[f.name, 'departmentId']}
                              style={{ margin: 0 }}
                              rules={[{ required: true }]}
                            >
                              <Select options={departments} showSearch={{ optionFilterProp: 'label' }} />
                            </Form.Item>
                          ) : (
                            <Typography.Text type="secondary">{t('cmp.routes.holderHint')}</Typography.Text>
                          )
                        }
                      </Form.Item>
                    ),
                  },
                ]}
              />
            )}
          </Form.List>
        </Card>
        <Card size="small" title={t('cmp.routes.deadlines')} style={{ marginBottom: 16 }}>
          <Flex gap={24} wrap>
            {COMPLAINT_SEVERITIES.map((s) => (
              <Space key={s} align="start">
                <Form.Item
                  name={['config', 'deadlines', s, 'minutes']}
                  label={t('cmp.routes.minutes', { severity: t(`cmp.severity.${s}`) })}
                  rules={[{ required: true }]}
                >
                  <InputNumber min={5} max={43200} step={30} style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={['config', 'deadlines', s, 'startLevel']} label={t('cmp.routes.startLevel')}>
                  <Select
                    style={{ width: 110 }}
                    options={COMPLAINT_LEVELS.map((l) => ({ value: l, label: t('cmp.levelN', { n: l }) }))}
                  />
                </Form.Item>
              </Space>
            ))}
          </Flex>
          <Form.Item name={['config', 'calendar']} label={t('cmp.routes.calendar')}>
            <Radio.Group options={DEADLINE_CALENDARS.map((c) => ({ value: c, label: t(`cmp.calendar.${c}`) }))} />
          </Form.Item>
        </Card>
        <Card size="small" title={t('cmp.routes.crisis')} style={{ marginBottom: 16 }}>
          <Form.Item name={['config', 'crisisTriggers']} label={t('cmp.routes.triggers')}>
            <Checkbox.Group options={CRISIS_TRIGGERS.map((c) => ({ value: c, label: t(`cmp.crisis.${c}`) }))} />
          </Form.Item>
          <Form.Item name={['config', 'urgeCrisisLimit']} label={t('cmp.routes.urgeLimit')}>
            <InputNumber min={1} max={50} />
          </Form.Item>
        </Card>
        <Card size="small" title={t('cmp.routes.approval')}>
          <Typography.Paragraph type="secondary">{t('cmp.routes.approvalHint')}</Typography.Paragraph>
          <Form.List name={['config', 'compensationApproval']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start">
                    <Form.Item
                      name={[f.name, 'upToFen']}
                      label={t('cmp.routes.upTo')}
                      rules={[
                        {
                          validator: async (_, v: string | undefined) => {
                            if (!yuanToFen(v).ok) throw new Error(t('cmp.form.yuanFormat'));
                          },
                        },
                      ]}
                    >
                      <Input inputMode="decimal" style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'level']} label={t('cmp.level')} rules={[{ required: true }]}>
                      <Select
                        style={{ width: 110 }}
                        options={COMPLAINT_LEVELS.map((l) => ({ value: l, label: t('cmp.levelN', { n: l }) }))}
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      style={{ marginTop: 30 }}
                      aria-label={t('cmp.routes.remove')}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                {fields.length < 3 ? (
                  <Button icon={<PlusOutlined />} onClick={() => add({ upToFen: '', level: 1 })}>
                    {t('cmp.routes.add')}
                  </Button>
                ) : null}
              </>
            )}
          </Form.List>
        </Card>
      </Form>
    </>
  );
}
