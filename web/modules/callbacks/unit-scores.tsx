import { DatePicker, Flex, Statistic, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useApiQuery } from '../../api/queries.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { companyToday } from '../statements/statement-parts.js';
import { ScoresTable } from './callback-scores-page.js';
import { addDays } from './callback-rules.js';

const DAY = 'YYYY-MM-DD';
/** The unit page opens on the last 90 days, the dispatch suggestion's default window (callbacks.scoreDays). */
const DAYS = 90;

/**
 * The callbacks' satisfaction on an outlet's (or a center's) page: the unit's own figure over the
 * period and its technicians' (docs/callbacks-screens.md). The same scores and table as the
 * scores page, limited to the orders served within the unit.
 */
export function UnitScores({ unitId, kind }: { unitId: string; kind: 'center' | 'outlet' }) {
  const t = useT();
  const isPhone = useIsPhone();
  const today = companyToday();
  const [period, setPeriod] = useState({ from: addDays(today, 1 - DAYS), to: today });
  const outlets = useApiQuery('GET /api/callback-scores', { query: { level: 'outlet', unitId, ...period } });
  const techs = useApiQuery('GET /api/callback-scores', { query: { level: 'technician', unitId, ...period } });
  const failed = outlets.error ?? techs.error;
  if (failed && !outlets.data) return <LoadFailed detail={failed.detail} onRetry={() => void outlets.refetch()} />;
  const own = kind === 'outlet' ? outlets.data?.items.find((r) => r.id === unitId) : undefined;
  return (
    <Flex vertical gap={16} data-testid="unit-scores">
      <Flex gap={24} wrap align="center">
        <DatePicker.RangePicker
          aria-label={t('cb.scores.period')}
          allowClear={false}
          value={[dayjs(period.from), dayjs(period.to)]}
          onChange={(v) => {
            const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
            if (a && b) setPeriod({ from: a.format(DAY), to: b.format(DAY) });
          }}
        />
        {kind === 'outlet' ? (
          <>
            <Statistic
              title={t('cb.scores.satisfaction')}
              value={own?.satisfaction != null ? own.satisfaction.toFixed(2) : '—'}
              suffix={own?.satisfaction != null ? '%' : undefined}
            />
            <Statistic title={t('cb.scores.callbacks')} value={own?.callbacks ?? 0} />
            <Statistic
              title={t('cb.scores.complaints')}
              value={own?.complaints ?? 0}
              suffix={own?.penalties ? `(${t('cb.scores.penalties', { n: own.penalties })})` : undefined}
            />
            <Statistic
              title={t('cb.scores.score')}
              value={own?.score != null ? own.score.toFixed(2) : '—'}
              suffix={own?.score != null ? '%' : undefined}
            />
          </>
        ) : null}
      </Flex>
      {kind === 'center' ? (
        <ScoresTable
          rows={outlets.data?.items ?? []}
          loading={outlets.isFetching}
          compact={isPhone}
          firstTitle={t('cb.scores.level.outlet')}
          deductions={outlets.data?.deductions}
          testId="unit-scores-outlets"
        />
      ) : null}
      <Typography.Text strong>{t('cb.scores.level.technician')}</Typography.Text>
      <ScoresTable
        rows={techs.data?.items ?? []}
        loading={techs.isFetching}
        compact={isPhone}
        firstTitle={t('cb.scores.level.technician')}
        deductions={techs.data?.deductions}
        testId="unit-scores-technicians"
      />
    </Flex>
  );
}
