import { CheckCircleFilled, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Select,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApiError } from '../../api/use-api-error.js';
import { DivisionCascader } from '../../components/division-cascader.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { divisionCodes } from '../intake/division-codes.js';
import { divisionsTo, renameFieldErrors } from '../intake/field-paths.js';
import { PHOTO_ACCEPT, PHOTO_LIMITS, photoProblem, preferredNote } from './photo-checks.js';
import { RequestKind } from '../../../server/modules/intake/contract.js';
import { type PortalKind, portalApi } from './portal-api.js';
import { MOBILE, SendCodeButton } from './send-code-button.js';

interface ReportValues {
  phone: string;
  code: string;
  name: string;
  kind: PortalKind;
  model?: string;
  serial?: string;
  symptoms: string;
  area: string[];
  address: string;
  date?: Dayjs | null;
  period?: string;
  note?: string;
  photos?: UploadFile[];
}

const KINDS: readonly PortalKind[] = RequestKind.options;
const PERIODS = ['morning', 'afternoon', 'evening', 'any'] as const;
const periodKey = (p: (typeof PERIODS)[number]): MessageKey => `portal.report.period.${p}`;

/** The fault report (seed 002: nothing by word only): verified phone, details, photos, one request. */
export function ReportPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [params] = useSearchParams();
  const qrModel = params.get('model')?.trim() || null;
  const qrSerial = params.get('serial')?.trim() || null;
  const [form] = Form.useForm<ReportValues>();
  const [verifiedPhone, setVerifiedPhone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ code: string; phone: string } | null>(null);

  const unit = useQuery({
    queryKey: ['portal-unit', qrModel, qrSerial, lang],
    queryFn: () => portalApi.unit(lang, qrModel, qrSerial!),
    enabled: !!qrSerial,
    retry: false,
    staleTime: 60_000,
  });

  const submit = async (v: ReportValues) => {
    setBusy(true);
    try {
      const area = divisionCodes(v.area);
      const photos = (v.photos ?? []).map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f);
      const res = await portalApi.submit(
        lang,
        {
          phone: v.phone.trim(),
          code: v.code.trim(),
          name: v.name.trim(),
          kind: v.kind,
          model: qrModel ?? v.model?.trim(),
          serial: qrSerial ?? v.serial?.trim(),
          symptoms: v.symptoms.trim(),
          provinceCode: area.provinceCode,
          cityCode: area.cityCode,
          districtCode: area.districtCode,
          address: v.address.trim(),
          preferredNote: preferredNote(
            v.date ? v.date.format('YYYY-MM-DD') : null,
            v.period ? t(periodKey(v.period as (typeof PERIODS)[number])) : null,
            v.note ?? null,
          ),
        },
        photos,
      );
      setDone({ code: res.code, phone: v.phone.trim() });
      window.scrollTo({ top: 0 });
    } catch (err) {
      const renamed = renameFieldErrors(err, (p) => divisionsTo('area')(p).replace(/^body\.photo.*$/, 'body.photos'));
      showError(renamed, form);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Card>
        <Result
          icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
          title={t('portal.report.done')}
          subTitle={t('portal.report.doneHint')}
          extra={[
            <Link key="track" to={`/portal/track?code=${encodeURIComponent(done.code)}`} state={{ phone: done.phone }}>
              <Button type="primary">{t('portal.report.track')}</Button>
            </Link>,
            <Button
              key="again"
              onClick={() => {
                setDone(null);
                setVerifiedPhone(null);
                form.resetFields();
              }}
            >
              {t('portal.report.another')}
            </Button>,
          ]}
        >
          <Flex vertical align="center" gap={4}>
            <Typography.Text type="secondary">{t('portal.report.doneText')}</Typography.Text>
            <Typography.Text strong copyable style={{ fontSize: 24, letterSpacing: 1 }} data-testid="request-code">
              {done.code}
            </Typography.Text>
          </Flex>
        </Result>
      </Card>
    );
  }

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('portal.report.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.report.subtitle')}</Typography.Paragraph>
      {qrSerial ? (
        <Descriptions
          size="small"
          bordered
          column={1}
          title={t('portal.report.product')}
          style={{ marginBottom: 16 }}
          data-testid="portal-product"
          items={[
            ...(unit.data?.model
              ? [
                  {
                    key: 'model',
                    label: t('portal.report.modelLabel'),
                    children: `${unit.data.model.name} (${unit.data.model.code})`,
                  },
                ]
              : qrModel
                ? [{ key: 'model', label: t('portal.report.modelLabel'), children: qrModel }]
                : []),
            { key: 'serial', label: t('portal.report.serialLabel'), children: qrSerial },
          ]}
        />
      ) : null}
      {qrSerial && unit.data && !unit.data.serialKnown ? (
        <Alert type="info" showIcon title={t('portal.report.serialUnknown')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<ReportValues>
        form={form}
        name="report"
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: 'repair', photos: [] }}
        onFinish={submit}
        scrollToFirstError
      >
        <Form.Item label={t('portal.report.phone')} required>
          <Flex gap={8}>
            <Form.Item
              name="phone"
              noStyle
              rules={[{ required: true, pattern: MOBILE, message: t('portal.report.phoneRule') }]}
            >
              <Input
                inputMode="tel"
                maxLength={11}
                autoComplete="tel"
                disabled={!!verifiedPhone}
                aria-label={t('portal.report.phone')}
                style={{ flex: 1 }}
              />
            </Form.Item>
            <SendCodeButton form={form} purpose="report" onSent={setVerifiedPhone} />
          </Flex>
        </Form.Item>
        {verifiedPhone ? (
          <>
            <Button
              type="link"
              size="small"
              style={{ padding: 0, marginTop: -16, marginBottom: 8 }}
              onClick={() => setVerifiedPhone(null)}
            >
              {t('portal.report.changePhone')}
            </Button>
            <Form.Item
              name="code"
              label={t('portal.report.code')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('portal.report.codeRule') }]}
            >
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('portal.report.name')}
              rules={[{ required: true, whitespace: true, max: 100 }]}
            >
              <Input autoComplete="name" />
            </Form.Item>
            <Form.Item name="kind" label={t('portal.report.kind')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={KINDS.map((k) => ({ value: k, label: t(`intake.class.${k}`) }))}
              />
            </Form.Item>
            {qrSerial ? null : (
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="model" label={t('portal.report.model')} rules={[{ max: 64 }]}>
                    <Input autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="serial" label={t('portal.report.serial')} rules={[{ max: 64 }]}>
                    <Input autoComplete="off" />
                  </Form.Item>
                </Col>
              </Row>
            )}
            <Form.Item
              name="symptoms"
              label={t('portal.report.symptoms')}
              rules={[{ required: true, whitespace: true, max: 5000 }]}
            >
              <Input.TextArea
                autoSize={{ minRows: 3, maxRows: 8 }}
                placeholder={t('portal.report.symptomsPlaceholder')}
              />
            </Form.Item>
            <Form.Item name="area" label={t('portal.report.area')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <DivisionCascader aria-label={t('portal.report.area')} />
            </Form.Item>
            <Form.Item
              name="address"
              label={t('portal.report.address')}
              rules={[{ required: true, whitespace: true, max: 200 }]}
            >
              <Input placeholder={t('portal.report.addressPlaceholder')} autoComplete="street-address" />
            </Form.Item>
            <Row gutter={12}>
              <Col span={14}>
                <Form.Item name="date" label={t('portal.report.date')}>
                  <DatePicker
                    style={{ width: '100%' }}
                    inputReadOnly
                    disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
                  />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="period" label={t('portal.report.period')}>
                  <Select allowClear options={PERIODS.map((p) => ({ value: p, label: t(periodKey(p)) }))} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="note" label={t('portal.report.note')} rules={[{ max: 300 }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="photos"
              label={t('portal.report.photos', { max: PHOTO_LIMITS.maxCount })}
              extra={t('portal.report.photosHint', { mb: PHOTO_LIMITS.maxMb })}
              valuePropName="fileList"
              getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}
            >
              <Upload
                listType="picture-card"
                accept={PHOTO_ACCEPT}
                multiple
                maxCount={PHOTO_LIMITS.maxCount}
                beforeUpload={(file, batch) => {
                  const attached = (form.getFieldValue('photos') as UploadFile[] | undefined)?.length ?? 0;
                  const problem = photoProblem(file, attached + batch.indexOf(file));
                  if (problem) {
                    message.error(
                      problem === 'type'
                        ? t('portal.report.photoType', { name: file.name })
                        : problem === 'size'
                          ? t('portal.report.photoSize', { name: file.name, mb: PHOTO_LIMITS.maxMb })
                          : t('portal.report.photoCount', { max: PHOTO_LIMITS.maxCount }),
                    );
                    return Upload.LIST_IGNORE;
                  }
                  return false;
                }}
              >
                <Flex vertical align="center" gap={4}>
                  <PlusOutlined />
                  <span style={{ fontSize: 12 }}>{t('portal.report.addPhoto')}</span>
                </Flex>
              </Upload>
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="portal-submit">
              {t('portal.report.submit')}
            </Button>
          </>
        ) : null}
      </Form>
    </Card>
  );
}
