import { Button } from 'antd';
import { useState } from 'react';
import type { Lang } from '../../shared/i18n.js';
import { api } from '../api/client.js';
import { useSetMe } from '../api/session.js';
import { useApiError } from '../api/use-api-error.js';
import { useI18n } from '../i18n/index.js';

/**
 * One button naming the other language ("English" in the Chinese UI, "中文" in the English one).
 * Signed in, the choice is also saved to the profile so server messages and mail follow it.
 */
export function LanguageSwitch({ signedIn, onSwitch }: { signedIn: boolean; onSwitch?: (lang: Lang) => void }) {
  const { lang, setLang, t } = useI18n();
  const setMe = useSetMe();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const next: Lang = lang === 'en' ? 'zh-CN' : 'en';

  const onClick = async () => {
    setLang(next);
    onSwitch?.(next);
    if (!signedIn) return;
    setBusy(true);
    try {
      setMe(await api.call('PATCH /api/auth/me', { body: { lang: next } }));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      type="text"
      onClick={onClick}
      loading={busy}
      title={t('lang.switch')}
      lang={next}
      data-testid="language-switch"
    >
      {t(next === 'en' ? 'lang.en' : 'lang.zh-CN')}
    </Button>
  );
}
