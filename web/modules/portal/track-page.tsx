import { Button, Card, Descriptions, Flex, Form, Input, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { useApiError } from '../../api/use-api-error.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { requestKindKey } from '../intake/labels.js';
import { portalApi, type TrackResult } from './portal-api.js';
import { MOBILE, SendCodeButton } from './send-code-button.js';

interface TrackValues {
  code: string;
  phone: string;
  otp: string;
}

const STEPS = [
  'created',
  'accepted',
  'converted',
  'cancelled',
  'order_dispatched',
  'order_booked',
  'order_en_route',
  'order_on_site',
  'order_received',
  'order_in_repair',
  'order_waiting',
  'order_completed',
  'order_closed',
  'order_cancelled',
];
const stepKey = (s: string): MessageKey =>
  (STEPS.includes(s) ? `portal.track.step.${s}` : 'portal.track.step.created') as MessageKey;
/** The tag of where it stands now: done in green, stopped in grey, under way in blue. */
const stageColor = (s: string): string =>
  s === 'order_completed' || s === 'order_closed'
    ? 'green'
    : s === 'cancelled' || s === 'order_cancelled'
      ? 'default'
      : 'blue';

/** Where a request stands, for whoever holds its number and the phone it was reported with. */
export function TrackPage() {
  const { t, tryT, lang } = useI18n();
  const showError = useApiError();
  const [params] = useSearchParams();
  const location = useLocation();
  const [form] = Form.useForm<TrackValues>();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TrackResult | null>(null);
  const initial = {
    code: params.get('code') ?? '',
    phone: (location.state as { phone?: string } | null)?.phone ?? '',
  };

  const submit = async (v: TrackValues) => {
    setBusy(true);
    try {
      setResult(await portalApi.track(lang, { code: v.code.trim(), phone: v.phone.trim(), otp: v.otp.trim() }));
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <Card data-testid="track-result">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {result.code}
        </Typography.Title>
        <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('intake.requests.kind')}>{t(requestKindKey(result.kind))}</Descriptions.Item>
          <Descriptions.Item label={t('portal.track.status')}>
            <Tag color={stageColor(result.stage)} data-testid="track-stage">
              {tryT(stepKey(result.stage)) ?? result.stage}
            </Tag>
          </Descriptions.Item>
          {result.appointment ? (
            <Descriptions.Item label={t('portal.track.appointment')}>
              <span data-testid="track-appointment">
                {formatDateTime(result.appointment.from)} – {formatDateTime(result.appointment.to)}
                {result.appointment.confirmed ? null : ` (${t('portal.track.appointmentUnconfirmed')})`}
              </span>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('portal.track.createdAt')}>{formatDateTime(result.createdAt)}</Descriptions.Item>
        </Descriptions>
        <Timeline
          items={result.timeline.map((s, i) => ({
            key: `${s.step}-${i}`,
            color: s.step === 'cancelled' ? 'gray' : i === result.timeline.length - 1 ? 'blue' : 'green',
            content: (
              <Flex vertical>
                <Typography.Text strong>{tryT(stepKey(s.step)) ?? s.step}</Typography.Text>
                <Typography.Text type="secondary">{formatDateTime(s.at)}</Typography.Text>
              </Flex>
            ),
          }))}
        />
        <Button
          block
          onClick={() => {
            setResult(null);
            setSent(false);
            form.resetFields();
          }}
        >
          {t('portal.track.again')}
        </Button>
      </Card>
    );
  }

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('portal.track.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.track.subtitle')}</Typography.Paragraph>
      <Form<TrackValues>
        form={form}
        name="track"
        layout="vertical"
        requiredMark={false}
        initialValues={initial}
        onFinish={submit}
      >
        <Form.Item
          name="code"
          label={t('portal.track.code')}
          rules={[{ required: true, whitespace: true, min: 3, max: 40 }]}
        >
          <Input
            placeholder={t('portal.track.codePlaceholder')}
            autoComplete="off"
            style={{ textTransform: 'uppercase' }}
          />
        </Form.Item>
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
                aria-label={t('portal.report.phone')}
                style={{ flex: 1 }}
              />
            </Form.Item>
            <SendCodeButton form={form} purpose="track" onSent={() => setSent(true)} />
          </Flex>
        </Form.Item>
        {sent ? (
          <>
            <Form.Item
              name="otp"
              label={t('portal.report.code')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('portal.report.codeRule') }]}
            >
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="track-submit">
              {t('portal.track.submit')}
            </Button>
          </>
        ) : null}
      </Form>
    </Card>
  );
}
