import { DeleteOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  Progress,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { useI18n } from '../../i18n/index.js';
import {
  csvHeaders,
  fileProblem,
  IMPORT_FIELDS,
  IMPORT_MAX_MB,
  type ImportJob,
  type ImportKind,
  type ImportReport,
  mappingJson,
  uploadImport,
} from './import-api.js';

interface MappingRow {
  key: number;
  header?: string;
  /** undefined: let the server recognise the header; '': leave the column out. */
  field?: string;
}

/**
 * Import customers or units from XLSX/CSV: choose the file, adjust the column mapping, check it
 * (dry run, row-by-row report), then import all rows or none; progress while it runs.
 */
export function ImportPage() {
  const { t, tryT, lang } = useI18n();
  const me = useMe().data!;
  const { message } = App.useApp();
  const showError = useApiError();
  const [kind, setKind] = useState<ImportKind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [headers, setHeaders] = useState<string[]>([]);
  const [rows, setRows] = useState<MappingRow[]>([]);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [checkedKey, setCheckedKey] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const mapping = mappingJson(rows);
  const currentKey = file ? `${kind}|${file.name}|${file.size}|${mapping ?? ''}` : null;

  useEffect(() => {
    if (!jobId) return;
    let live = true;
    const tick = async () => {
      try {
        const j = await api.call('GET /api/import/jobs/:id', { params: { id: jobId } });
        if (live) setJob(j);
      } catch {
        // Not started yet (the upload is still on its way) or already forgotten: keep waiting.
      }
    };
    const timer = setInterval(tick, 400);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [jobId]);

  const choose = async (f: File) => {
    const problem = fileProblem(f);
    if (problem) {
      message.error(problem === 'type' ? t('customers.importType') : t('customers.importSize', { mb: IMPORT_MAX_MB }));
      return;
    }
    setFile(f);
    setReport(null);
    const hs = /\.csv$/i.test(f.name) ? csvHeaders(await f.arrayBuffer()) : [];
    setHeaders(hs);
    setRows(hs.map((h, i) => ({ key: i, header: h })));
  };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    const id = crypto.randomUUID();
    setBusy(dryRun ? 'check' : 'import');
    setJob(null);
    setJobId(id);
    try {
      const r = await uploadImport({ kind, file, jobId: id, mapping, dryRun, csrf: me.csrfToken, lang });
      setReport(r);
      if (dryRun) setCheckedKey(r.errors.length ? null : currentKey);
      if (!dryRun && r.imported) {
        message.success(t('customers.importDone', { rows: r.rows }));
        setCheckedKey(null);
      }
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
      setJobId(null);
    }
  };

  const fieldOptions = [
    { value: '', label: t('customers.importIgnore') },
    ...IMPORT_FIELDS.map((f) => ({ value: f, label: `${tryT(`customers.importField.${f}`) ?? f} · ${f}` })),
  ];
  const percent = job?.total ? Math.round((job.processed / job.total) * 100) : 0;
  const counts = (c: ImportReport['customers']) =>
    t('customers.importCounts', { create: c.create, update: c.update, unchanged: c.unchanged });

  return (
    <>
      <PageHeader
        title={t('customers.importTitle')}
        extra={
          <Link to="/customers">
            <Button>{t('customers.allCustomers')}</Button>
          </Link>
        }
      />
      <Flex vertical gap={16}>
        <Card>
          <Flex vertical gap={16}>
            <Radio.Group
              optionType="button"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value);
                setReport(null);
              }}
              options={[
                { value: 'customers', label: t('customers.importCustomers') },
                { value: 'units', label: t('customers.importUnits') },
              ]}
            />
            <Typography.Text type="secondary">{t(`customers.importHint.${kind}`)}</Typography.Text>
            <Upload.Dragger
              accept=".xlsx,.csv"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                void choose(f);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{file ? file.name : t('customers.importPick')}</p>
              <p className="ant-upload-hint">{t('customers.importLimits', { mb: IMPORT_MAX_MB })}</p>
            </Upload.Dragger>

            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('customers.importMapping')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('customers.importMappingHint')}</Typography.Text>
            <Table<MappingRow>
              rowKey="key"
              size="small"
              dataSource={rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('customers.importNoMapping') }}
              columns={[
                {
                  key: 'header',
                  title: t('customers.importColumn'),
                  render: (_, r) =>
                    headers.includes(r.header ?? '') ? (
                      r.header
                    ) : (
                      <Input
                        size="small"
                        value={r.header}
                        onChange={(e) =>
                          setRows((rs) => rs.map((x) => (x.key === r.key ? { ...x, header: e.target.value } : x)))
                        }
                        aria-label={t('customers.importColumn')}
                        style={{ width: 200 }}
                      />
                    ),
                },
                {
                  key: 'field',
                  title: t('customers.importFieldTitle'),
                  render: (_, r) => (
                    <Select
                      size="small"
                      allowClear
                      value={r.field}
                      placeholder={t('customers.importAuto')}
                      options={fieldOptions}
                      showSearch={{ optionFilterProp: 'label' }}
                      onChange={(v: string | undefined) =>
                        setRows((rs) => rs.map((x) => (x.key === r.key ? { ...x, field: v } : x)))
                      }
                      aria-label={t('customers.importFieldTitle')}
                      style={{ width: 240 }}
                    />
                  ),
                },
                {
                  key: 'remove',
                  title: '',
                  render: (_, r) =>
                    headers.includes(r.header ?? '') ? null : (
                      <Button
                        type="text"
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('customers.importRemoveColumn')}
                        onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
                      />
                    ),
                },
              ]}
            />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => setRows((rs) => [...rs, { key: Date.now() }])}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('customers.importAddColumn')}
            </Button>

            <Flex gap={8} wrap>
              <Button disabled={!file || !!busy} loading={busy === 'check'} onClick={() => run(true)}>
                {t('customers.importCheck')}
              </Button>
              <Button
                type="primary"
                disabled={!file || !!busy || checkedKey !== currentKey}
                loading={busy === 'import'}
                onClick={() => run(false)}
              >
                {t('customers.importRun')}
              </Button>
            </Flex>
            {busy ? (
              <Flex vertical gap={4}>
                <Progress percent={percent} status="active" />
                <Typography.Text type="secondary">
                  {job
                    ? t('customers.importProgress', {
                        status: tryT(`customers.importStatus.${job.status}`) ?? job.status,
                        processed: job.processed,
                        total: job.total,
                      })
                    : t('customers.importStatus.uploading')}
                </Typography.Text>
              </Flex>
            ) : null}
          </Flex>
        </Card>

        {report ? (
          <Card title={report.dryRun ? t('customers.importReportDry') : t('customers.importReport')}>
            <Flex vertical gap={12}>
              {report.errors.length ? (
                <Alert
                  type="error"
                  showIcon
                  title={t('customers.importHasErrors', { n: report.errors.length })}
                  description={report.dryRun ? undefined : t('customers.importNothing')}
                />
              ) : report.imported ? (
                <Alert type="success" showIcon title={t('customers.importDone', { rows: report.rows })} />
              ) : (
                <Alert type="success" showIcon title={t('customers.importClean')} />
              )}
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2, lg: 3 }}
                items={[
                  { key: 'rows', label: t('customers.importRows'), children: report.rows },
                  {
                    key: 'format',
                    label: t('customers.importFormat'),
                    children: `${report.format.toUpperCase()}${report.encoding ? ` · ${report.encoding.toUpperCase()}` : ''}`,
                  },
                  { key: 'ms', label: t('customers.importTime'), children: `${report.ms} ms` },
                  { key: 'customers', label: t('customers.title'), children: counts(report.customers) },
                  { key: 'units', label: t('units.title'), children: counts(report.units) },
                  {
                    key: 'columns',
                    label: t('customers.importColumns'),
                    span: 'filled' as const,
                    children: (
                      <Flex gap={4} wrap>
                        {Object.entries(report.columns).map(([field, header]) => (
                          <Tag key={field} style={{ marginInlineEnd: 0 }}>
                            {header} → {tryT(`customers.importField.${field}`) ?? field}
                          </Tag>
                        ))}
                      </Flex>
                    ),
                  },
                ]}
              />
              {report.errors.length ? (
                <Table
                  rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
                  size="small"
                  dataSource={report.errors}
                  scroll={{ x: 'max-content' }}
                  pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
                  columns={[
                    { key: 'row', title: t('customers.importRow'), dataIndex: 'row', width: 80 },
                    { key: 'column', title: t('customers.importColumn'), dataIndex: 'column' },
                    { key: 'message', title: t('customers.importReason'), dataIndex: 'message' },
                  ]}
                />
              ) : null}
              {report.errorsTruncated ? (
                <Typography.Text type="secondary">{t('customers.importTruncated')}</Typography.Text>
              ) : null}
            </Flex>
          </Card>
        ) : null}
      </Flex>
    </>
  );
}
