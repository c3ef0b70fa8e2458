import { EditOutlined, PlusOutlined, StopOutlined, SwapOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Tabs, Tag } from 'antd';
import type { OrgUnit } from '../../../server/modules/org/contract.js';
import type { OrgKind } from '../../../shared/permissions.js';
import { useI18n } from '../../i18n/index.js';
import { kindName } from '../../lib/names.js';
import { UnitScores } from '../callbacks/unit-scores.js';
import { UnitMembers } from './unit-members.js';

export interface UnitActions {
  onAddChild?: () => void;
  onEdit?: () => void;
  onMove?: () => void;
  onToggleActive?: () => void;
}

export function UnitDetail({
  unit,
  parent,
  childKind,
  canManage,
  canReadUsers,
  canReadScores = false,
  actions,
}: {
  unit: OrgUnit;
  parent: OrgUnit | undefined;
  childKind: OrgKind | null;
  canManage: boolean;
  canReadUsers: boolean;
  /** Callbacks' satisfaction of the unit's orders (callbacks.read; centers and outlets). */
  canReadScores?: boolean;
  actions: UnitActions;
}) {
  const { t, lang } = useI18n();
  const dash = '—';
  const text = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? dash : v);

  const buttons = canManage ? (
    <Flex gap={8} wrap>
      {childKind && unit.active ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={actions.onAddChild}>
          {t('org.addChild')}
        </Button>
      ) : null}
      <Button icon={<EditOutlined />} onClick={actions.onEdit}>
        {t('common.edit')}
      </Button>
      {unit.parentId ? (
        <Button icon={<SwapOutlined />} onClick={actions.onMove}>
          {t('org.move')}
        </Button>
      ) : null}
      {unit.parentId ? (
        unit.active ? (
          <Button danger icon={<StopOutlined />} onClick={actions.onToggleActive}>
            {t('common.deactivate')}
          </Button>
        ) : (
          <Button icon={<CheckCircleOutlined />} onClick={actions.onToggleActive}>
            {t('common.activate')}
          </Button>
        )
      ) : null}
    </Flex>
  ) : null;

  const details = (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2 }}
      items={[
        { key: 'kind', label: t('org.kind'), children: kindName(unit.kind, lang) },
        { key: 'code', label: t('org.code'), children: unit.code },
        { key: 'name', label: t('org.name'), children: unit.name },
        { key: 'parent', label: t('org.parent'), children: parent?.name ?? dash },
        { key: 'licenceNo', label: t('org.licenceNo'), children: text(unit.licenceNo) },
        { key: 'contactName', label: t('org.contactName'), children: text(unit.contactName) },
        { key: 'contactPhone', label: t('org.contactPhone'), children: text(unit.contactPhone) },
        { key: 'address', label: t('org.address'), children: text(unit.address) },
        {
          key: 'division',
          label: `${t('org.provinceCode')} / ${t('org.cityCode')} / ${t('org.districtCode')}`,
          children: [unit.provinceCode, unit.cityCode, unit.districtCode].map((c) => c ?? dash).join(' / '),
        },
        {
          key: 'geo',
          label: `${t('org.lat')} / ${t('org.lng')}`,
          children: unit.lat !== null && unit.lng !== null ? `${unit.lat}, ${unit.lng}` : dash,
        },
        {
          key: 'area',
          label: t('org.serviceArea'),
          span: 'filled',
          children: unit.serviceArea.length ? unit.serviceArea.map((c) => <Tag key={c}>{c}</Tag>) : dash,
        },
        { key: 'users', label: t('org.userCount'), children: text(unit.userCount) },
        {
          key: 'status',
          label: t('common.status'),
          children: unit.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
        },
      ]}
    />
  );

  const scoresOf = unit.kind === 'center' || unit.kind === 'outlet' ? unit.kind : null;
  const tabs = [
    { key: 'details', label: t('org.details'), children: details },
    ...(canReadUsers ? [{ key: 'members', label: t('org.members'), children: <UnitMembers unitId={unit.id} /> }] : []),
    ...(canReadScores && scoresOf
      ? [{ key: 'scores', label: t('org.scores'), children: <UnitScores unitId={unit.id} kind={scoresOf} /> }]
      : []),
  ];

  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          <span>{unit.name}</span>
          <Tag color={unit.kind === 'hq' ? 'gold' : unit.kind === 'center' ? 'blue' : 'cyan'}>
            {kindName(unit.kind, lang)}
          </Tag>
          {unit.active ? null : <Tag>{t('common.inactive')}</Tag>}
        </Flex>
      }
      data-testid="org-unit-detail"
    >
      {buttons ? <div style={{ marginBottom: 16 }}>{buttons}</div> : null}
      {tabs.length > 1 ? <Tabs items={tabs} /> : details}
    </Card>
  );
}
