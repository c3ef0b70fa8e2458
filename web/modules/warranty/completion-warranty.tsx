import { Card, Flex, Form, Input, Select, Typography } from 'antd';
import { EXCLUSION_KINDS, type ExclusionKind } from '../../../server/modules/warranty/contract.js';
import { useT } from '../../i18n/index.js';
import { EntitlementPanel } from './entitlement-panel.js';

/** The exclusion fields of the completion form (names under `exclusion`). */
export interface ExclusionValues {
  kind?: ExclusionKind | null;
  note?: string;
}

/**
 * On the technician's completion form: who pays for this repair per chosen part (a live preview of the
 * decision the server records on completion), and the cause that makes it paid, with a note; the job's photos go with it as evidence.
 * Lives inside the form, so the fields are submitted with it.
 */
export function CompletionWarranty({
  unitId,
  partIds,
  kind,
}: {
  unitId: string | null;
  partIds: readonly string[];
  kind: ExclusionKind | null | undefined;
}) {
  const t = useT();
  return (
    <Card size="small" title={t('warranty.completionTitle')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('warranty.completionHint')}
      </Typography.Paragraph>
      <Flex vertical gap={0}>
        <Form.Item name={['exclusion', 'kind']} label={t('warranty.exclusion')}>
          <Select
            allowClear
            placeholder={t('warranty.exclusionNone')}
            options={EXCLUSION_KINDS.map((k) => ({ value: k, label: t(`warranty.exclusion.${k}`) }))}
            data-testid="exclusion-kind"
          />
        </Form.Item>
        {kind ? (
          <>
            <Form.Item
              name={['exclusion', 'note']}
              label={t('warranty.exclusionNote')}
              rules={[{ required: true, whitespace: true, message: t('orders.form.required') }, { max: 1000 }]}
            >
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 12 }}>
              {t('warranty.exclusionPhotos')}
            </Typography.Text>
          </>
        ) : null}
      </Flex>
      {unitId ? (
        <EntitlementPanel
          unitId={unitId}
          parts={partIds}
          cause={kind ?? null}
          showRemedies={false}
          title={t('warranty.entitlement')}
        />
      ) : null}
    </Card>
  );
}
