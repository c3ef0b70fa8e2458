import { App, Button, type FormInstance } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client.js';
import { useApiError } from '../../api/use-api-error.js';
import { useI18n } from '../../i18n/index.js';
import { portalApi } from './portal-api.js';
import { useCountdown } from './use-countdown.js';

export const MOBILE = /^1[3-9]\d{9}$/;

/**
 * Sends a 6-digit code to the phone in the form and counts down until another may be asked
 * for; the server's "too often" answer (429) shows its own wait and starts the same countdown.
 */
export function SendCodeButton({
  form,
  phoneField = 'phone',
  purpose,
  onSent,
  block,
}: {
  form: FormInstance;
  phoneField?: string;
  purpose: 'report' | 'track';
  onSent: (phone: string) => void;
  block?: boolean;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const { left, startCountdown } = useCountdown();
  const [busy, setBusy] = useState(false);

  const send = async () => {
    let phone: string;
    try {
      phone = String((await form.validateFields([phoneField]))[phoneField]).trim();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const r = await portalApi.sendCode(lang, phone, purpose);
      startCountdown(r.resendInSeconds);
      message.success(t('portal.report.codeSent', { phone: `${phone.slice(0, 3)}****${phone.slice(-4)}` }));
      onSent(phone);
    } catch (err) {
      // Too soon after the last code: that code is still on its way, so let the visitor enter it.
      if (isApiError(err) && err.code === 'portal.rate_limited' && typeof err.params.seconds === 'number') {
        startCountdown(err.params.seconds);
        onSent(phone);
      }
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button onClick={send} loading={busy} disabled={left > 0} block={block} data-testid="send-code">
      {left > 0 ? t('portal.report.resendIn', { seconds: left }) : t('portal.report.sendCode')}
    </Button>
  );
}
