import { ApartmentOutlined, BankOutlined, ShopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Card, Col, Empty, Flex, Input, Row, Spin, Switch, Tree, type TreeDataNode, Typography } from 'antd';
import { type Key, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { OrgUnit } from '../../../server/modules/org/contract.js';
import { ALLOWED_PARENT, ORG_KINDS, type OrgKind } from '../../../shared/permissions.js';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { ReasonModal } from '../../components/reason-modal.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { MoveUnitModal } from './move-unit-modal.js';
import { filterForest, initialExpanded, type UnitNode } from './org-tree.js';
import { UnitDetail } from './unit-detail.js';
import { type UnitFormTarget, UnitFormModal } from './unit-form-modal.js';
import { ORG_UNITS_URL, useOrgUnits } from './use-org-units.js';

const KIND_ICON: Record<OrgKind, ReactNode> = {
  hq: <BankOutlined />,
  center: <ApartmentOutlined />,
  outlet: <ShopOutlined />,
};

function childKindOf(kind: OrgKind): OrgKind | null {
  return ORG_KINDS.find((k) => ALLOWED_PARENT[k] === kind) ?? null;
}

function toTreeData(nodes: UnitNode[]): TreeDataNode[] {
  return nodes.map((n) => ({
    key: n.unit.id,
    icon: KIND_ICON[n.unit.kind],
    title: n.unit.active ? (
      n.unit.name
    ) : (
      <Typography.Text type="secondary" delete>
        {n.unit.name}
      </Typography.Text>
    ),
    children: toTreeData(n.children),
  }));
}

/** The organisation: HQ → provincial centers → repair outlets, with each unit's details and people. */
export function OrgPage() {
  const t = useT();
  const me = useMe().data!;
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [includeInactive, setIncludeInactive] = useState(false);
  const { units, forest, byId, isPending, isError, error, refetch } = useOrgUnits(includeInactive);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [formTarget, setFormTarget] = useState<UnitFormTarget | null>(null);
  const [moving, setMoving] = useState(false);
  const [toggling, setToggling] = useState(false);
  const [expanded, setExpanded] = useState<Key[] | null>(null);
  const isPhone = useIsPhone();
  const detailRef = useRef<HTMLDivElement>(null);

  const [search, setSearch] = useState('');
  const shown = useMemo(() => filterForest(forest, search), [forest, search]);
  const treeData = useMemo(() => toTreeData(shown), [shown]);
  const defaultExpanded = useMemo(() => initialExpanded(forest, units.length), [forest, units.length]);
  const selected = selectedId ? byId.get(selectedId) : undefined;
  const canManage = can(me, 'org.manage');

  // Start on the user's own unit (or the top of what they see), and keep a selection that still exists.
  useEffect(() => {
    if (!units.length || (selectedId && byId.has(selectedId))) return;
    setSelectedId(byId.has(me.orgUnitId) ? me.orgUnitId : (forest[0]?.unit.id ?? null));
  }, [units, byId, selectedId, me.orgUnitId, forest]);

  const toggle = useMutation({
    mutationFn: ({ unit, reason }: { unit: OrgUnit; reason?: string }) =>
      api.call(`POST /api/org/units/:id/${unit.active ? 'deactivate' : 'activate'}` as const, {
        params: { id: unit.id },
        body: { version: unit.version, reason },
      }),
    onSuccess: async (unit) => {
      message.success(unit.active ? t('org.activated') : t('org.deactivated'));
      setToggling(false);
      if (!unit.active && !includeInactive) setIncludeInactive(true);
      await invalidateUrls(qc, ORG_UNITS_URL);
    },
    onError: (err) => showError(err),
  });

  if (isError) return <LoadFailed detail={error.detail} onRetry={() => refetch()} />;

  const childKind = selected ? childKindOf(selected.kind) : null;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={9} lg={7}>
        <Card title={t('org.title')} styles={{ body: { padding: 12, overflowX: 'auto' } }}>
          <Input.Search
            allowClear
            placeholder={t('org.searchPlaceholder')}
            aria-label={t('org.search')}
            onSearch={setSearch}
            onChange={(e) => !e.target.value && setSearch('')}
            style={{ marginBottom: 8 }}
          />
          <Flex gap={6} align="center" style={{ marginBottom: 8 }}>
            <Switch size="small" checked={includeInactive} onChange={setIncludeInactive} id="org-show-inactive" />
            <label htmlFor="org-show-inactive">
              <Typography.Text type="secondary">{t('org.showInactive')}</Typography.Text>
            </label>
          </Flex>
          {isPending ? (
            <Spin />
          ) : treeData.length ? (
            <Tree
              showIcon
              blockNode
              treeData={treeData}
              // A search shows every hit; otherwise the user's own expansion, or the default.
              expandedKeys={search ? units.map((u) => u.id) : (expanded ?? defaultExpanded)}
              onExpand={(keys) => setExpanded(keys)}
              selectedKeys={selectedId ? [selectedId] : []}
              // Clicking the selected unit again keeps it selected instead of clearing the panel.
              onSelect={(keys) => {
                if (!keys[0]) return;
                setSelectedId(String(keys[0]));
                // On a phone the details sit below the tree: bring them into view.
                if (isPhone) setTimeout(() => detailRef.current?.scrollIntoView({ behavior: 'smooth' }), 0);
              }}
              data-testid="org-tree"
            />
          ) : (
            <Empty description={t('org.empty')} />
          )}
        </Card>
      </Col>
      <Col xs={24} md={15} lg={17} ref={detailRef}>
        {selected ? (
          <UnitDetail
            unit={selected}
            parent={selected.parentId ? byId.get(selected.parentId) : undefined}
            childKind={childKind}
            canManage={canManage}
            canReadUsers={can(me, 'users.read')}
            canReadScores={can(me, 'callbacks.read')}
            actions={{
              onAddChild: () => childKind && setFormTarget({ mode: 'create', parent: selected, kind: childKind }),
              onEdit: () => setFormTarget({ mode: 'edit', unit: selected }),
              onMove: () => setMoving(true),
              onToggleActive: () => setToggling(true),
            }}
          />
        ) : (
          <Card>
            <Empty description={t('org.selectHint')} />
          </Card>
        )}
      </Col>
      {formTarget ? (
        <UnitFormModal
          target={formTarget}
          onClose={() => setFormTarget(null)}
          onSaved={(unit) => {
            setFormTarget(null);
            setSelectedId(unit.id);
            if (unit.parentId) setExpanded([...(expanded ?? defaultExpanded), unit.parentId]);
          }}
        />
      ) : null}
      {moving && selected ? (
        <MoveUnitModal unit={selected} units={units} forest={forest} onClose={() => setMoving(false)} />
      ) : null}
      {toggling && selected ? (
        <ReasonModal
          title={t(selected.active ? 'org.deactivateTitle' : 'org.activateTitle', { name: selected.name })}
          okText={t(selected.active ? 'common.deactivate' : 'common.activate')}
          danger={selected.active}
          busy={toggle.isPending}
          onConfirm={(reason) => toggle.mutate({ unit: selected, reason })}
          onClose={() => setToggling(false)}
        />
      ) : null}
    </Row>
  );
}
