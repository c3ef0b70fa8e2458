import { Button, Col, Flex, Form, Input, Radio, Row, Typography } from 'antd';
import { DivisionCascader } from '../../components/division-cascader.js';
import { useT } from '../../i18n/index.js';

/** The inline "new customer" of the desk: name, phone (prefilled from the search), kind, address. */
export function NewCustomerFields({ onCancel }: { onCancel: () => void }) {
  const t = useT();
  const kind = Form.useWatch(['newCustomer', 'kind']);
  return (
    <div
      data-testid="new-customer"
      style={{ border: '1px dashed #91caff', borderRadius: 8, padding: '8px 12px 0', marginBottom: 12 }}
    >
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('intake.newCustomer.title')}</Typography.Text>
        <Button type="link" size="small" onClick={onCancel}>
          {t('intake.newCustomer.cancel')}
        </Button>
      </Flex>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item
            name={['newCustomer', 'name']}
            label={t('intake.newCustomer.name')}
            rules={[{ required: true, whitespace: true, max: 100 }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item
            name={['newCustomer', 'phone']}
            label={t('intake.newCustomer.phone')}
            rules={[{ required: true, whitespace: true, max: 40 }]}
          >
            <Input inputMode="tel" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name={['newCustomer', 'kind']} label={t('intake.newCustomer.kind')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'individual', label: t('intake.customerKind.individual') },
                { value: 'business', label: t('intake.customerKind.business') },
              ]}
            />
          </Form.Item>
        </Col>
        {kind === 'business' ? (
          <Col span={24}>
            <Form.Item
              name={['newCustomer', 'companyName']}
              label={t('intake.newCustomer.companyName')}
              rules={[{ max: 200 }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        ) : null}
        <Col xs={24} sm={10}>
          <Form.Item
            name={['newCustomer', 'address', 'area']}
            label={t('intake.newCustomer.area')}
            dependencies={[['newCustomer', 'address', 'detail']]}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v: string[] | undefined) =>
                  !v?.length && getFieldValue(['newCustomer', 'address', 'detail'])?.trim()
                    ? Promise.reject(new Error(t('intake.newCustomer.areaRequired')))
                    : Promise.resolve(),
              }),
            ]}
          >
            <DivisionCascader aria-label={t('intake.newCustomer.area')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item
            name={['newCustomer', 'address', 'detail']}
            label={t('intake.newCustomer.detail')}
            dependencies={[['newCustomer', 'address', 'area']]}
            rules={[
              { max: 200 },
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) =>
                  getFieldValue(['newCustomer', 'address', 'area'])?.length && !v?.trim()
                    ? Promise.reject(new Error(t('intake.newCustomer.detailRequired')))
                    : Promise.resolve(),
              }),
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
    </div>
  );
}
