import { Button, Card, Descriptions, Form, Result, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client.js';
import { useApiError } from '../../api/use-api-error.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { ScriptFields } from '../callbacks/callback-actions.js';
import { type AnswerValues, answerFields } from '../callbacks/callback-rules.js';
import { LinkLoadState, useLinkPage } from './link-page.js';
import { portalApi } from './portal-api.js';

/*
 * The callback survey behind the one-time link of the SMS (docs/callbacks.md, "The survey by
 * SMS"): no login; the customer sees the order's number, the model and the fee recorded, and
 * answers the script's questions once. The same fields as the agent's form (ScriptFields), so a
 * refusal lands on its field; a link already used or past its window says so, with the hotline.
 */

export function SurveyPage() {
  const { t, tryT } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<AnswerValues>();
  const { token, lang, load, read, show } = useLinkPage(portalApi.survey);
  const [busy, setBusy] = useState(false);

  if (load.kind !== 'ready')
    return (
      <LinkLoadState
        load={load}
        failedTitle="portal.survey.failed"
        onRetry={() => void read()}
        testId="survey-invalid"
      />
    );

  const v = load.view;
  const hotline = v.hotline ? t('portal.survey.hotline', { hotline: v.hotline }) : undefined;
  if (v.state === 'answered')
    return (
      <Card>
        <Result status="success" title={t('portal.survey.thanks')} subTitle={hotline} data-testid="survey-answered" />
      </Card>
    );
  if (v.state === 'expired')
    return (
      <Card>
        <Result status="info" title={t('portal.survey.expired')} subTitle={hotline} data-testid="survey-expired" />
      </Card>
    );

  const submit = async (values: AnswerValues) => {
    setBusy(true);
    try {
      await portalApi.answerSurvey(lang, token, answerFields(values));
      show({ ...v, state: 'answered' });
    } catch (err) {
      // Answered meanwhile (on the phone, or in another tab), or closed: the page says so.
      if (isApiError(err) && (err.code === 'link.used' || err.code === 'link.expired')) {
        show({ ...v, state: err.code === 'link.used' ? 'answered' : 'expired' });
      }
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card data-testid="survey-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('portal.survey.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.survey.intro', { company: v.company })}</Typography.Paragraph>
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('portal.survey.order')}>{v.orderCode}</Descriptions.Item>
        <Descriptions.Item label={t('portal.survey.service')}>
          {tryT(`orders.type.${v.serviceType}` as MessageKey) ?? v.serviceType}
          {v.model ? ` · ${v.model}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('portal.survey.completed')}>{formatDateTime(v.completedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('portal.survey.until')}>{formatDateTime(v.expiresAt)}</Descriptions.Item>
      </Descriptions>
      <Form<AnswerValues>
        form={form}
        name="survey"
        layout="vertical"
        initialValues={{ nps: null }}
        onFinish={(values) => void submit(values)}
      >
        <ScriptFields script={v.questions} feeFen={v.feeFen} />
        <Button type="primary" htmlType="submit" block size="large" loading={busy} disabled={busy}>
          {t('portal.survey.submit')}
        </Button>
      </Form>
    </Card>
  );
}
