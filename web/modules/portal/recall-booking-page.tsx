import { Button, Card, Descriptions, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client.js';
import { useApiError } from '../../api/use-api-error.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { LinkLoadState, useLinkPage } from './link-page.js';
import { portalApi } from './portal-api.js';

/*
 * The recall booking behind the one-time link of the outreach SMS (docs/recalls.md, "Booking by
 * the SMS link"): no login; the customer sees the campaign, why, and their unit (model and
 * serial), says when suits them, and books once — a recall order the company then schedules with
 * them. A unit already booked shows its order's number; a closed campaign or an expired link
 * says so, with the hotline.
 */

interface Values {
  preferredTime?: string;
  note?: string;
}

export function RecallBookingPage() {
  const { t, pick } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const { token, lang, load, read, show } = useLinkPage(portalApi.recall);
  const [busy, setBusy] = useState(false);

  if (load.kind !== 'ready')
    return (
      <LinkLoadState
        load={load}
        failedTitle="portal.recall.failed"
        onRetry={() => void read()}
        testId="recall-invalid"
      />
    );

  const v = load.view;
  const hotline = v.hotline ? t('portal.survey.hotline', { hotline: v.hotline }) : undefined;
  const about = (
    <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
      <Descriptions.Item label={t('portal.recall.campaign')}>
        {pick(v.title)}（{v.campaignCode}）
      </Descriptions.Item>
      <Descriptions.Item label={t('portal.recall.reason')}>{v.reason}</Descriptions.Item>
      <Descriptions.Item label={t('portal.recall.unit')}>
        {v.model ? `${v.model} · ` : ''}
        {v.serialNo}
      </Descriptions.Item>
    </Descriptions>
  );
  if (v.state === 'booked' || v.state === 'done')
    return (
      <Card>
        <Result
          status="success"
          title={t(v.state === 'done' ? 'portal.recall.done' : 'portal.recall.booked')}
          subTitle={[v.orderCode ? t('portal.recall.order', { code: v.orderCode }) : null, hotline]
            .filter(Boolean)
            .join(' · ')}
          data-testid="recall-booked"
        />
        {about}
      </Card>
    );
  if (v.state === 'expired' || v.state === 'closed')
    return (
      <Card>
        <Result
          status="info"
          title={t(v.state === 'expired' ? 'portal.recall.expired' : 'portal.recall.closed')}
          subTitle={hotline}
          data-testid="recall-closed"
        />
        {about}
      </Card>
    );

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      const body = {
        ...(values.preferredTime?.trim() ? { preferredTime: values.preferredTime.trim() } : {}),
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      };
      const r = await portalApi.bookRecall(lang, token, body);
      show({ ...v, state: 'booked', orderCode: r.orderCode });
    } catch (err) {
      // Booked meanwhile (on the phone, or in another tab): the page shows the booking.
      if (isApiError(err) && err.code === 'link.booked') void read();
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card data-testid="recall-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('portal.recall.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.recall.intro', { company: v.company })}</Typography.Paragraph>
      {about}
      <Form<Values> form={form} name="recall-booking" layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item name="preferredTime" label={t('portal.recall.preferredTime')} rules={[{ max: 100 }]}>
          <Input maxLength={100} placeholder={t('portal.recall.preferredTimeHint')} />
        </Form.Item>
        <Form.Item name="note" label={t('portal.recall.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('portal.recall.until', { at: formatDateTime(v.expiresAt) })}
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} disabled={busy}>
          {t('portal.recall.submit')}
        </Button>
      </Form>
    </Card>
  );
}
