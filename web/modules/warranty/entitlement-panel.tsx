import { SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Spin, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import type { Coverage, ExclusionKind, WarrantyDecision } from '../../../server/modules/warranty/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime, formatDayOrInstant } from '../../lib/format.js';
import { CaseOpenModal } from './case-open-modal.js';
import { useEntitlement, useRemedies } from './warranty-api.js';
import { eligibleRemedies, verdictColor } from './warranty-rules.js';

type Line = Pick<
  Coverage,
  'covered' | 'rule' | 'labour' | 'parts' | 'until' | 'reasons' | 'partCode' | 'partName' | 'subject'
> & { materialsAtCost?: boolean };

/** One coverage line: verdict tag, rule, until when, who pays labour and parts, the reasons. */
export function CoverageLine({ line, testId, extra }: { line: Line; testId?: string; extra?: ReactNode }) {
  const { t, pick } = useI18n();
  const name = line.subject === 'unit' ? t('warranty.unitVerdict') : `${line.partCode ?? ''} ${line.partName ?? ''}`;
  return (
    <Flex vertical gap={2} data-testid={testId} style={{ padding: '4px 0' }}>
      <Flex gap={6} wrap align="center">
        <Typography.Text strong>{name}</Typography.Text>
        <Tag color={verdictColor(line)} style={{ marginInlineEnd: 0 }}>
          {line.covered ? t('warranty.covered') : t('warranty.notCovered')}
        </Tag>
        <Typography.Text type="secondary">{t(`warranty.rule.${line.rule}`)}</Typography.Text>
        {line.covered ? (
          <Typography.Text type="secondary">
            {line.until ? t('warranty.until', { date: line.until }) : t('warranty.openEnded')}
          </Typography.Text>
        ) : null}
        {extra}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('warranty.labour')}
        {t('warranty.colon')}
        {t(`warranty.payer.${line.labour}`)} · {t('warranty.parts')}
        {t('warranty.colon')}
        {t(`warranty.payer.${line.parts}`)}
        {line.materialsAtCost ? ` · ${t('warranty.materialsAtCost')}` : ''}
      </Typography.Text>
      {line.reasons.map((r) => (
        <Typography.Text key={r.en} style={{ fontSize: 12 }}>
          {pick(r)}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/** The 三包 remedies that apply now, as a banner with the reasons. */
export function RemedyBanner({ unitId, action }: { unitId: string; action?: ReactNode }) {
  const { t, pick } = useI18n();
  const remedies = useRemedies(unitId);
  const items = eligibleRemedies(remedies.data);
  if (!items.length) return null;
  const kinds = [...new Set(items.flatMap((i) => i.remedies))];
  return (
    <Alert
      type="warning"
      showIcon
      icon={<WarningOutlined />}
      data-testid="remedy-banner"
      title={t('warranty.remedyBanner', {
        remedies: kinds.map((k) => t(`warranty.remedy.${k}`)).join(t('common.listSeparator')),
      })}
      description={
        <Flex vertical gap={2}>
          {items.map((i) => (
            <span key={i.rule}>
              <Typography.Text strong>{t(`warranty.remedyRule.${i.rule}`)}</Typography.Text>
              {i.since ? ` · ${t('warranty.remedySince', { date: formatDayOrInstant(i.since) })}` : ''}
              {i.reasons.length
                ? `${t('warranty.colon')}${i.reasons.map((r) => pick(r)).join(t('warranty.semicolon'))}`
                : ''}
            </span>
          ))}
        </Flex>
      }
      action={action}
    />
  );
}

/** The main parts of a model's BOM (the parts whose own terms matter). */
function useMainPartIds(modelId: string | null | undefined, enabled: boolean): string[] | undefined {
  const model = useApiQuery('GET /api/catalog/models/:id', enabled && modelId ? { params: { id: modelId } } : null, {
    staleTime: 60_000,
  });
  if (!enabled || !modelId) return [];
  if (model.isError) return [];
  return model.data?.parts.filter((p) => p.isMain && p.active).map((p) => p.partId);
}

/**
 * A unit's entitlement at a glance: the verdict for the whole unit and each (main or chosen) part,
 * until when, who pays labour and parts, the reasons in the user's language, and the 三包 banner.
 * `parts` given: those parts; otherwise the model's main parts.
 */
export function EntitlementPanel({
  unitId,
  modelId,
  parts,
  cause,
  orderId,
  title,
  showRemedies = true,
  allowOpenCase = false,
}: {
  unitId: string;
  modelId?: string | null;
  parts?: readonly string[];
  cause?: ExclusionKind | null;
  orderId?: string | null;
  title?: ReactNode;
  showRemedies?: boolean;
  allowOpenCase?: boolean;
}) {
  const { t } = useI18n();
  const me = useMe().data;
  const mainParts = useMainPartIds(modelId, parts === undefined);
  const partIds = parts ?? mainParts;
  const ent = useEntitlement(partIds === undefined ? null : unitId, { parts: partIds, cause });
  const [opening, setOpening] = useState(false);
  const e = ent.data;
  // A unit returned, exchanged, recalled or scrapped is no longer the customer's: its actions follow
  // its status, so it shows no verdict and offers no case (docs/warranty.md, Return/exchange cases).
  const gone = !!e && e.unitStatus !== 'active';
  const mayOpen = allowOpenCase && !gone && !!e && (can(me, 'orders.create') || can(me, 'orders.execute'));
  const openButton = mayOpen ? (
    <Button size="small" onClick={() => setOpening(true)} data-testid="open-case">
      {t('warranty.openCase')}
    </Button>
  ) : null;
  return (
    <Card
      size="small"
      title={
        <Flex gap={6} align="center">
          <SafetyCertificateOutlined />
          {title ?? t('warranty.entitlement')}
        </Flex>
      }
      extra={openButton}
      data-testid="entitlement-panel"
    >
      {ent.isError && !e ? (
        <Typography.Text type="danger">{ent.error.detail || t('warranty.loadFailed')}</Typography.Text>
      ) : !e ? (
        <Spin size="small" />
      ) : gone ? (
        <Alert
          type="info"
          showIcon
          data-testid="unit-gone"
          title={t('warranty.unitGone', { status: t(`units.status.${e.unitStatus}`) })}
        />
      ) : (
        <Flex vertical gap={4}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.policy
              ? t('warranty.policyRef', { name: e.policy.name, code: e.policy.code, version: e.policy.version })
              : t('warranty.noPolicy')}
            {e.startBasis && e.startDate
              ? ` · ${t('warranty.startDate', { basis: t(`warranty.basis.${e.startBasis}`), date: e.startDate })}`
              : ''}
            {` · ${t(`warranty.usage.${e.usage}`)} · ${t('warranty.entitlementAt', { at: e.at })}`}
            {` · ${t(`warranty.dayCounting.${e.dayCounting}`)}`}
          </Typography.Text>
          <CoverageLine line={e.unit} testId="entitlement-unit" />
          {e.parts.map((p) => (
            <CoverageLine key={p.partId ?? p.partCode} line={p} testId="entitlement-part" />
          ))}
          {showRemedies ? <RemedyBanner unitId={unitId} /> : null}
        </Flex>
      )}
      {opening ? <CaseOpenModal unitId={unitId} orderId={orderId ?? null} onClose={() => setOpening(false)} /> : null}
    </Card>
  );
}

/** The decisions stored for an order (or a unit): who paid, by which rule and policy version. */
export function DecisionsCard({ decisions }: { decisions: readonly WarrantyDecision[] }) {
  const { t } = useI18n();
  if (!decisions.length) return null;
  return (
    <Card size="small" title={t('warranty.decisions')} data-testid="warranty-decisions">
      {decisions.map((d) => (
        <Flex key={d.id} vertical>
          <CoverageLine
            line={d}
            extra={
              d.policyCode ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d.policyCode} v{d.policyVersion}
                </Typography.Text>
              ) : null
            }
          />
          {d.exclusion ? (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('warranty.exclusionIs', { kind: t(`warranty.exclusion.${d.exclusion.kind}`) })}
              {t('warranty.colon')}
              {d.exclusion.note}
            </Typography.Text>
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('warranty.decidedBy', { name: d.decidedByName, at: formatDateTime(d.decidedAt) })}
            {` · ${t(`warranty.dayCounting.${d.dayCounting}`)}`}
          </Typography.Text>
        </Flex>
      ))}
    </Card>
  );
}
