import { Table, type TableColumnsType } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useI18n } from '../../i18n/index.js';

/* The table of a report whose rows end with their total. */

/** The style of a table's total row. */
export const SUM_ROW_STYLE: CSSProperties = { fontWeight: 600, background: 'rgba(0,0,0,0.02)' };

/**
 * A report's rows then its total row, unpaged: the first column names the row (the total row says
 * so), the given columns follow. Each row carries `<testId>-row` and its key for the browser tests.
 */
export function ReportTable<Row extends { key: string; name: string }>({
  report,
  loading,
  testId,
  nameTitle,
  renderName,
  columns,
}: {
  report: { items: Row[]; sum: Row } | undefined;
  loading?: boolean;
  testId: string;
  nameTitle: string;
  /** The row's name as shown; the plain name without it. */
  renderName?: (row: Row) => ReactNode;
  columns: TableColumnsType<Row>;
}) {
  const { t } = useI18n();
  const rows = report ? [...report.items, report.sum] : [];
  const isSum = (row: Row) => row === report?.sum;
  return (
    <Table<Row>
      rowKey="key"
      size="small"
      pagination={false}
      loading={loading}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('rep.empty') }}
      data-testid={testId}
      onRow={(row) => {
        const attrs: Record<string, unknown> = {
          'data-testid': `${testId}-row`,
          'data-key': row.key,
          style: isSum(row) ? SUM_ROW_STYLE : undefined,
        };
        return attrs;
      }}
      columns={[
        {
          key: 'name',
          title: nameTitle,
          fixed: 'left',
          render: (_, row) => (isSum(row) ? t('rep.total') : renderName ? renderName(row) : row.name),
        },
        ...columns,
      ]}
    />
  );
}
