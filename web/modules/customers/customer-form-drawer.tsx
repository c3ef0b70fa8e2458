import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Divider,
  Drawer,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Customer, CustomerUpdate } from '../../../server/modules/customers/contract.js';
import { normalisePhone } from '../../../shared/phone.js';
import { ApiError, api, isApiError } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { DivisionCascader } from '../../components/division-cascader.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import {
  type CustomerFormValues,
  customerBody,
  customerFormValues,
  type DuplicateHit,
  duplicateHit,
  formErrorPath,
} from './customer-form.js';
import { CUSTOMERS_URL } from './customers-api.js';

export type CustomerFormTarget = { mode: 'create' } | { mode: 'edit'; customer: Customer };

/** Keeps one row of a list marked primary: checking a row unchecks the others. */
function markPrimary(form: FormInstance<CustomerFormValues>, list: 'phones' | 'addresses', index: number, on: boolean) {
  const rows = (form.getFieldValue(list) ?? []) as { isPrimary?: boolean }[];
  form.setFieldValue(
    list,
    rows.map((r, i) => ({ ...r, isPrimary: on ? i === index : i === index ? false : r.isPrimary })),
  );
}

/** Opens or edits a customer archive: phones, addresses with division codes, contact preferences. */
export function CustomerFormDrawer({
  target,
  onClose,
  onSaved,
}: {
  target: CustomerFormTarget;
  onClose: () => void;
  onSaved?: (c: Customer) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<CustomerFormValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const isPhone = useIsPhone();
  const [dup, setDup] = useState<DuplicateHit | null>(null);
  const kind = Form.useWatch('kind', form);
  const masked = target.mode === 'edit' && target.customer.phonesMasked;

  const save = useMutation({
    mutationFn: ({ v, allowDuplicate }: { v: CustomerFormValues; allowDuplicate: boolean }) => {
      const body = { ...customerBody(v), ...(allowDuplicate ? { allowDuplicate: true } : {}) };
      if (target.mode === 'create') return api.call('POST /api/customers', { body });
      const { phones, ...rest } = body;
      const patch: CustomerUpdate = {
        ...rest,
        ...(masked ? {} : { phones }),
        version: target.customer.version,
      };
      return api.call('PATCH /api/customers/:id', { params: { id: target.customer.id }, body: patch });
    },
    onSuccess: async (c) => {
      message.success(target.mode === 'create' ? t('customers.created', { code: c.code }) : t('common.saved'));
      await invalidateUrls(qc, CUSTOMERS_URL, '/api/audit');
      onSaved?.(c);
      onClose();
    },
    onError: (err) => {
      if (isApiError(err) && err.code === 'customer.duplicate_phone') {
        setDup(duplicateHit(err.params));
        const path = err.errors[0]?.path;
        const index = path ? Number(path.split('.')[1]) : Number.NaN;
        if (Number.isInteger(index)) {
          form.setFields([{ name: ['phones', index, 'number'], errors: [t('customers.dupField')] }]);
        }
        return;
      }
      setDup(null);
      showError(
        isApiError(err)
          ? new ApiError(err.status, {
              code: err.code,
              detail: err.detail,
              params: err.params,
              errors: err.errors.map((e) => ({ ...e, path: formErrorPath(e.path) })),
            })
          : err,
        form,
      );
    },
  });

  const initial: Partial<CustomerFormValues> =
    target.mode === 'edit'
      ? customerFormValues(target.customer)
      : { kind: 'individual', phones: [{ number: '', isPrimary: true }], addresses: [], consentMessages: false };

  const submit = (allowDuplicate: boolean) =>
    form
      .validateFields()
      .then((v) => save.mutate({ v, allowDuplicate }))
      .catch(() => undefined);

  return (
    <Drawer
      open
      title={
        target.mode === 'create'
          ? t('customers.create')
          : t('customers.editTitle', { name: target.customer.name, code: target.customer.code })
      }
      size={isPhone ? '100%' : 760}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => submit(false)}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {dup ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('customers.dupTitle', { number: dup.number })}
          description={
            <Flex vertical gap={8}>
              <span>
                {dup.id ? (
                  <Link to={`/customers/${dup.id}`} target="_blank">
                    {dup.name}（{dup.code}）
                  </Link>
                ) : (
                  dup.label
                )}
              </span>
              <span>{t('customers.dupHint')}</span>
              <Flex gap={8} wrap>
                <Button size="small" danger loading={save.isPending} onClick={() => submit(true)}>
                  {target.mode === 'create' ? t('customers.createAnyway') : t('customers.saveAnyway')}
                </Button>
                <Button size="small" onClick={() => setDup(null)}>
                  {t('customers.dupFix')}
                </Button>
              </Flex>
            </Flex>
          }
        />
      ) : null}
      <Form<CustomerFormValues>
        form={form}
        name="customer"
        layout="vertical"
        colon={false}
        initialValues={initial}
        onValuesChange={(changed) => {
          if ('phones' in changed && dup) setDup(null);
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('customers.kind')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'individual', label: t('customers.kind.individual') },
                  { value: 'business', label: t('customers.kind.business') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={kind === 'business' ? t('customers.contactName') : t('customers.name')}
              rules={[{ required: true, whitespace: true, max: 50 }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          {kind === 'business' ? (
            <Col span={24}>
              <Form.Item name="companyName" label={t('customers.companyName')} rules={[{ max: 100 }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
          ) : null}
        </Row>

        <Divider titlePlacement="start" plain>
          {t('customers.phones')}
        </Divider>
        {masked ? (
          <Alert type="info" showIcon title={t('customers.phonesMaskedEdit')} style={{ marginBottom: 12 }} />
        ) : null}
        <Form.List name="phones">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} align="top" wrap>
                  <Col xs={24} sm={11}>
                    <Form.Item
                      name={[f.name, 'number']}
                      label={t('customers.phoneNumber')}
                      rules={[
                        { required: true, whitespace: true, message: t('customers.phoneRequired') },
                        {
                          validator: (_, v: string) =>
                            !v?.trim() || normalisePhone(v)
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('customers.phoneInvalid'))),
                        },
                      ]}
                    >
                      <Input inputMode="tel" autoComplete="off" disabled={masked} placeholder="138 0013 8000" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={6}>
                    <Form.Item name={[f.name, 'label']} label={t('customers.phoneLabel')} rules={[{ max: 20 }]}>
                      <Input autoComplete="off" disabled={masked} placeholder={t('customers.phoneLabelHint')} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} sm={4}>
                    <Form.Item name={[f.name, 'isPrimary']} label={t('customers.primary')} valuePropName="checked">
                      <Checkbox
                        disabled={masked}
                        onChange={(e) => markPrimary(form, 'phones', f.name, e.target.checked)}
                        aria-label={t('customers.primaryPhone')}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={4} sm={3}>
                    <Form.Item label=" ">
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        disabled={masked}
                        onClick={() => remove(f.name)}
                        aria-label={t('customers.removePhone')}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              {fields.length < 10 && !masked ? (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ number: '' })} block>
                  {t('customers.addPhone')}
                </Button>
              ) : null}
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start" plain>
          {t('customers.addresses')}
        </Divider>
        <Form.List name="addresses">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <div
                  key={f.key}
                  style={{
                    border: '1px solid rgba(5,5,5,0.08)',
                    borderRadius: 8,
                    padding: '12px 12px 0',
                    marginBottom: 12,
                  }}
                >
                  <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
                    <Typography.Text strong>{t('customers.addressN', { n: i + 1 })}</Typography.Text>
                    <Flex gap={12} align="center">
                      <Form.Item name={[f.name, 'isPrimary']} valuePropName="checked" noStyle>
                        <Checkbox onChange={(e) => markPrimary(form, 'addresses', f.name, e.target.checked)}>
                          {t('customers.primary')}
                        </Checkbox>
                      </Form.Item>
                      <Button
                        type="text"
                        danger
                        size="small"
                        icon={<DeleteOutlined />}
                        onClick={() => remove(f.name)}
                        aria-label={t('customers.removeAddress')}
                      />
                    </Flex>
                  </Flex>
                  <Row gutter={8}>
                    <Col xs={24} sm={12}>
                      <Form.Item
                        name={[f.name, 'divisions']}
                        label={t('customers.division')}
                        rules={[{ required: true, type: 'array', min: 1, message: t('customers.divisionRequired') }]}
                      >
                        <DivisionCascader placeholder={t('customers.divisionHint')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12}>
                      <Form.Item name={[f.name, 'label']} label={t('customers.addressLabel')} rules={[{ max: 20 }]}>
                        <Input autoComplete="off" placeholder={t('customers.addressLabelHint')} />
                      </Form.Item>
                    </Col>
                    <Col span={24}>
                      <Form.Item
                        name={[f.name, 'detail']}
                        label={t('customers.addressDetail')}
                        rules={[{ required: true, whitespace: true, max: 200 }]}
                      >
                        <Input autoComplete="off" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={6}>
                      <Form.Item name={[f.name, 'lat']} label={t('customers.lat')}>
                        <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={6}>
                      <Form.Item name={[f.name, 'lng']} label={t('customers.lng')}>
                        <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              ))}
              {fields.length < 10 ? (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ detail: '', isPrimary: fields.length === 0 })}
                  block
                >
                  {t('customers.addAddress')}
                </Button>
              ) : null}
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start" plain>
          {t('customers.more')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="email"
              label={t('customers.email')}
              rules={[{ type: 'email', message: t('users.emailRule') }]}
            >
              <Input inputMode="email" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="wechatId" label={t('customers.wechatId')} rules={[{ max: 50 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="tags" label={t('customers.tags')}>
              <Select mode="tags" tokenSeparators={[',', '，']} maxCount={20} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="preferredContactTime" label={t('customers.preferredContactTime')} rules={[{ max: 100 }]}>
              <Input autoComplete="off" placeholder={t('customers.preferredContactTimeHint')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="consentMessages" label={t('customers.consentMessages')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('customers.notes')} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
