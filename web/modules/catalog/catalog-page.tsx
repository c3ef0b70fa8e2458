import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { ForbiddenPage } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { LinesTab } from './lines-tab.js';
import { ModelsTab } from './models-tab.js';
import { PartsTab } from './parts-tab.js';

/** Whoever reads customers or work orders reads the catalog. */
export function mayReadCatalog(permissions: readonly string[]): boolean {
  return permissions.includes('customers.read') || permissions.includes('orders.read');
}

/** The product catalog: product lines, models with their parts lists, parts. */
export function CatalogPage() {
  const t = useT();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'models';
  const lineId = params.get('lineId') ?? undefined;
  const canManage = can(me, 'catalog.manage');
  if (!mayReadCatalog(me.permissions)) return <ForbiddenPage />;

  const go = (next: Record<string, string | undefined>) => {
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries({ tab, lineId, ...next })) if (v) out.set(k, v);
    setParams(out, { replace: true });
  };

  return (
    <>
      <PageHeader title={t('catalog.title')} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => go({ tab: k })}
          items={[
            {
              key: 'lines',
              label: t('catalog.tab.lines'),
              children: <LinesTab canManage={canManage} onShowModels={(id) => go({ tab: 'models', lineId: id })} />,
            },
            {
              key: 'models',
              label: t('catalog.tab.models'),
              children: <ModelsTab canManage={canManage} lineId={lineId} onLineChange={(id) => go({ lineId: id })} />,
            },
            { key: 'parts', label: t('catalog.tab.parts'), children: <PartsTab canManage={canManage} /> },
          ]}
        />
      </Card>
    </>
  );
}
