import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Modal, TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { OrgUnit } from '../../../server/modules/org/contract.js';
import { ALLOWED_PARENT } from '../../../shared/permissions.js';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { subtreeIds, type UnitNode, unitTreeOptions } from './org-tree.js';
import { ORG_UNITS_URL, useUnitLabel } from './use-org-units.js';

/** Moves a unit under another active unit of the kind its own kind allows (center → HQ, outlet → center). */
export function MoveUnitModal({
  unit,
  units,
  forest,
  onClose,
}: {
  unit: OrgUnit;
  units: OrgUnit[];
  forest: UnitNode[];
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ parentId: string }>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const label = useUnitLabel();

  const options = useMemo(() => {
    const blocked = subtreeIds(units, unit.id);
    const parentKind = ALLOWED_PARENT[unit.kind];
    return unitTreeOptions(forest, label, (u) => u.active && u.kind === parentKind && !blocked.has(u.id));
  }, [units, forest, unit, label]);

  const move = useMutation({
    mutationFn: (parentId: string) =>
      api.call('POST /api/org/units/:id/move', { params: { id: unit.id }, body: { parentId, version: unit.version } }),
    onSuccess: async () => {
      message.success(t('org.moved'));
      await invalidateUrls(qc, ORG_UNITS_URL, '/api/users');
      onClose();
    },
    onError: (err) => showError(err, form),
  });

  return (
    <Modal
      open
      title={t('org.moveTitle', { name: unit.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={move.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        name="org-move"
        layout="vertical"
        initialValues={{ parentId: unit.parentId ?? undefined }}
        onFinish={(v) => move.mutate(v.parentId)}
      >
        <Form.Item name="parentId" label={t('org.newParent')} rules={[{ required: true }]}>
          <TreeSelect treeData={options} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
