import { Progress, Tag, Tooltip } from 'antd';
import type { CampaignState, RecallUnitState, StateCounts } from '../../../server/modules/recalls/contract.js';
import { RECALL_UNIT_STATES } from '../../../server/modules/recalls/contract.js';
import { useT } from '../../i18n/index.js';

/** Pieces the recall pages share: the state tags and the progress bar. */

export { criteriaText } from './recall-rules.js';

const CAMPAIGN_COLOR: Record<CampaignState, string> = { draft: 'default', active: 'processing', closed: 'success' };
export const UNIT_COLOR: Record<RecallUnitState, string> = {
  affected: 'default',
  reached: 'blue',
  booked: 'gold',
  done: 'green',
  unreachable: 'red',
  declined: 'magenta',
};

export function CampaignStateTag({ state }: { state: CampaignState }) {
  const t = useT();
  return <Tag color={CAMPAIGN_COLOR[state]}>{t(`rc.state.${state}`)}</Tag>;
}

export function UnitStateTag({ state }: { state: RecallUnitState }) {
  const t = useT();
  return <Tag color={UNIT_COLOR[state]}>{t(`rc.unit.${state}`)}</Tag>;
}

/** Done out of affected, with the other states in the tooltip. */
export function CountsBar({ counts }: { counts: StateCounts }) {
  const t = useT();
  const closed = counts.done + counts.unreachable + counts.declined;
  const tip = [
    `${t('rc.total')} ${counts.total}`,
    ...RECALL_UNIT_STATES.map((s) => `${t(`rc.unit.${s}`)} ${counts[s]}`),
  ].join(' · ');
  return (
    <Tooltip title={tip}>
      <div style={{ minWidth: 160 }}>
        <Progress
          size="small"
          percent={counts.total ? Math.round((closed / counts.total) * 100) : 0}
          success={{ percent: counts.total ? Math.round((counts.done / counts.total) * 100) : 0 }}
          format={() => `${counts.done}/${counts.total}`}
        />
      </div>
    </Tooltip>
  );
}
