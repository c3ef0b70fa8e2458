import { FieldTimeOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useT } from '../../i18n/index.js';
import { formatElapsed } from './call-timer.js';

export function CallTimerBadge({
  running,
  elapsedMs,
  onStart,
}: {
  running: boolean;
  elapsedMs: number;
  onStart: () => void;
}) {
  const t = useT();
  return (
    <Flex align="center" gap={6} data-testid="call-timer">
      <FieldTimeOutlined style={{ color: running ? '#fa541c' : undefined }} />
      <Typography.Text type="secondary">{t('intake.timer.label')}</Typography.Text>
      <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums', fontSize: 16, minWidth: 48 }}>
        {running ? formatElapsed(elapsedMs) : '--:--'}
      </Typography.Text>
      <Button size="small" onClick={onStart}>
        {running ? t('intake.timer.restart') : t('intake.timer.start')}
      </Button>
    </Flex>
  );
}
