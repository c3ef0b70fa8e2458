import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import type { OrgUnit, OrgUnitCreate, OrgUnitUpdate } from '../../../server/modules/org/contract.js';
import type { OrgKind } from '../../../shared/permissions.js';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useI18n } from '../../i18n/index.js';
import { kindName } from '../../lib/names.js';
import { ORG_UNITS_URL } from './use-org-units.js';

interface UnitForm {
  code: string;
  name: string;
  licenceNo?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  provinceCode?: string | null;
  cityCode?: string | null;
  districtCode?: string | null;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
  serviceArea?: string[];
}

export type UnitFormTarget = { mode: 'create'; parent: OrgUnit; kind: OrgKind } | { mode: 'edit'; unit: OrgUnit };

const OPTIONAL_TEXT = [
  'licenceNo',
  'contactName',
  'contactPhone',
  'provinceCode',
  'cityCode',
  'districtCode',
  'address',
] as const;

/** Empty optional inputs are sent as null, so clearing a field clears it on the server. */
function toBody(v: UnitForm) {
  const body: Record<string, unknown> = { code: v.code.trim(), name: v.name.trim() };
  for (const k of OPTIONAL_TEXT) body[k] = v[k]?.trim() ? v[k]!.trim() : null;
  body.lat = v.lat ?? null;
  body.lng = v.lng ?? null;
  body.serviceArea = v.serviceArea ?? [];
  return body as Omit<OrgUnitCreate, 'kind' | 'parentId'>;
}

const divisionRule = { pattern: /^\d{6}$/ };

export function UnitFormModal({
  target,
  onClose,
  onSaved,
}: {
  target: UnitFormTarget;
  onClose: () => void;
  onSaved: (unit: OrgUnit) => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<UnitForm>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();

  const save = useMutation({
    mutationFn: (v: UnitForm) => {
      const body = toBody(v);
      if (target.mode === 'create') {
        const create: OrgUnitCreate = { ...body, kind: target.kind, parentId: target.parent.id };
        return api.call('POST /api/org/units', { body: create });
      }
      const update: OrgUnitUpdate = { ...body, version: target.unit.version };
      return api.call('PATCH /api/org/units/:id', { params: { id: target.unit.id }, body: update });
    },
    onSuccess: async (unit) => {
      message.success(target.mode === 'create' ? t('org.created', { name: unit.name }) : t('common.saved'));
      await invalidateUrls(qc, ORG_UNITS_URL);
      onSaved(unit);
    },
    onError: (err) => showError(err, form),
  });

  const initial: Partial<UnitForm> =
    target.mode === 'edit'
      ? { ...target.unit }
      : { serviceArea: [], provinceCode: target.parent.provinceCode, cityCode: target.parent.cityCode };
  const title =
    target.mode === 'create'
      ? t('org.createTitle', { kind: kindName(target.kind, lang) })
      : t('org.editTitle', { name: target.unit.name });
  const divisionHelp = t('org.divisionHelp');

  return (
    <Modal
      open
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
    >
      <Form<UnitForm>
        form={form}
        name="org-unit"
        layout="vertical"
        colon={false}
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item
              name="code"
              label={t('org.code')}
              extra={t('org.codeRule')}
              rules={[{ required: true }, { pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('org.codeRule') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t('org.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="licenceNo" label={t('org.licenceNo')} rules={[{ max: 50 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactName" label={t('org.contactName')} rules={[{ max: 50 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactPhone" label={t('org.contactPhone')} rules={[{ pattern: /^[0-9+\-() ]{5,20}$/ }]}>
              <Input inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="address" label={t('org.address')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="provinceCode" label={t('org.provinceCode')} tooltip={divisionHelp} rules={[divisionRule]}>
              <Input inputMode="numeric" maxLength={6} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="cityCode" label={t('org.cityCode')} tooltip={divisionHelp} rules={[divisionRule]}>
              <Input inputMode="numeric" maxLength={6} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="districtCode" label={t('org.districtCode')} tooltip={divisionHelp} rules={[divisionRule]}>
              <Input inputMode="numeric" maxLength={6} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12}>
            <Form.Item name="lat" label={t('org.lat')}>
              <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12}>
            <Form.Item name="lng" label={t('org.lng')}>
              <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="serviceArea"
              label={t('org.serviceArea')}
              extra={t('org.serviceAreaHelp')}
              rules={[
                {
                  validator: (_, v: string[] | undefined) =>
                    (v ?? []).every((c) => /^\d{6}$/.test(c))
                      ? Promise.resolve()
                      : Promise.reject(new Error(divisionHelp)),
                },
              ]}
            >
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
