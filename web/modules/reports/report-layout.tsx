import { Card, Flex, Segmented, Typography } from 'antd';
import type { ReactNode } from 'react';
import { PageHeader } from '../../components/page-header.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { ExportButton, ReportsNav } from './report-parts.js';

/* The frame every report screen shares: its header with the export, the reports tabs, the intro, the controls. */

/**
 * A report screen: the title with its XLSX export, the reports tabs, the intro (not on a phone,
 * where it would push the figures down), then the report itself.
 */
export function ReportPage({
  title,
  exportHref,
  exportTestId,
  intro,
  children,
}: {
  title: string;
  exportHref: string;
  exportTestId: string;
  intro: ReactNode;
  children: ReactNode;
}) {
  const isPhone = useIsPhone();
  return (
    <>
      <PageHeader title={title} extra={<ExportButton href={exportHref} testId={exportTestId} />} />
      <ReportsNav />
      {isPhone ? null : <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>}
      {children}
    </>
  );
}

/** A report's controls (period, grouping, filters) in a row atop its table, in one card. */
export function ReportCard({ controls, children }: { controls: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" styles={{ body: { padding: 0 } }}>
      <Flex gap={8} wrap align="center" style={{ padding: 12 }}>
        {controls}
      </Flex>
      {children}
    </Card>
  );
}

/** A report's controls in a card of their own, above the figures, charts and tables that follow. */
export function ReportControls({ children }: { children: ReactNode }) {
  return (
    <Card size="small" styles={{ body: { padding: 12 } }}>
      <Flex gap={8} wrap align="center">
        {children}
      </Flex>
    </Card>
  );
}

/** The groupings the messages name (`rep.by.<grouping>`). */
type Grouping = MessageKey extends infer K ? (K extends `rep.by.${infer G}` ? G : never) : never;

/** What a report's rows stand for (a day, a unit, a part…), each labelled `rep.by.<value>`. */
export function GroupingSwitch<T extends Grouping>({
  value,
  options,
  onChange,
  testId,
}: {
  value: T;
  options: readonly T[];
  onChange: (value: T) => void;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Segmented<T>
      value={value}
      onChange={onChange}
      options={options.map((o) => ({ value: o, label: t(`rep.by.${o}`) }))}
      data-testid={testId}
    />
  );
}
