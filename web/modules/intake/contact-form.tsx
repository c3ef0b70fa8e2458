import { Alert, Button, Col, Flex, Form, type FormInstance, Input, Radio, Row, Select, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea.js';
import type { Ref } from 'react';
import { useT } from '../../i18n/index.js';
import { EntitlementPanel } from '../warranty/entitlement-panel.js';
import { CLASS_ORDER, classHint, needsRequest } from './desk-keys.js';
import { type DeskValues, directOrderBlock } from './desk-form.js';
import { CONTACT_CHANNELS, type CustomerCard } from './intake-api.js';
import { channelKey, classKey } from './labels.js';
import { NewCustomerFields } from './new-customer-fields.js';
import { RequestFields } from './request-fields.js';

export const DESK_DEFAULTS: Partial<DeskValues> = {
  channel: 'phone',
  direction: 'inbound',
  class: 'consultation',
  handling: 'answer',
  newCustomer: { kind: 'individual', name: '', phone: '' },
};

/** The contact being logged: customer, channel, class (Alt+1…7), content, answer or request. */
export function ContactForm({
  form,
  card,
  creating,
  onCancelNew,
  onClearCustomer,
  onFinish,
  onTouch,
  saving,
  ordering = false,
  onOrder,
  contentRef,
}: {
  form: FormInstance<DeskValues>;
  card: CustomerCard | null;
  creating: boolean;
  onCancelNew: () => void;
  onClearCustomer: () => void;
  onFinish: (v: DeskValues) => void;
  /** Any edit: the call has started. */
  onTouch: () => void;
  saving: boolean;
  /** The one-step order (直接建服务单) is being made. */
  ordering?: boolean;
  /** Makes the call an order at once; absent when the agent may not create orders. */
  onOrder?: () => void;
  contentRef: Ref<TextAreaRef>;
}) {
  const t = useT();
  const cls = Form.useWatch('class', form);
  const handling = Form.useWatch('handling', form);
  const units = card?.units ?? [];
  const unitId = Form.useWatch('unitId', form);
  const chosenUnit = units.find((u) => u.id === unitId);
  const preferred = Form.useWatch('preferred', form);
  const preferredNote = Form.useWatch('preferredNote', form);
  const orderBlock = directOrderBlock(
    { class: cls, unitId, preferred, preferredNote },
    { customerId: creating ? null : (card?.customer.id ?? null) },
  );
  const offerOrder = !!onOrder && needsRequest(cls);

  return (
    <Form<DeskValues>
      form={form}
      name="desk"
      layout="vertical"
      colon={false}
      size="middle"
      initialValues={DESK_DEFAULTS}
      onFinish={onFinish}
      onValuesChange={onTouch}
      requiredMark={false}
      style={{ minWidth: 0 }}
      className="intake-desk-form"
    >
      {creating ? (
        <NewCustomerFields onCancel={onCancelNew} />
      ) : (
        <Flex align="center" gap={8} wrap style={{ marginBottom: 12 }} data-testid="desk-customer">
          <Typography.Text type="secondary">
            {t('intake.form.customer')}
            {t('intake.colon')}
          </Typography.Text>
          {card ? (
            <>
              <Typography.Text strong>{card.customer.name}</Typography.Text>
              <Typography.Text type="secondary">{card.customer.code}</Typography.Text>
              <Button type="link" size="small" onClick={onClearCustomer}>
                {t('intake.form.clearCustomer')}
              </Button>
            </>
          ) : (
            <Typography.Text type="secondary">{t('intake.form.noCustomer')}</Typography.Text>
          )}
        </Flex>
      )}
      <Form.Item name="class" label={t('intake.form.class')} style={{ marginBottom: 12 }}>
        <Radio.Group optionType="button" buttonStyle="solid" style={{ display: 'flex', flexWrap: 'wrap', rowGap: 4 }}>
          {CLASS_ORDER.map((c) => (
            <Radio.Button key={c} value={c} title={classHint(c)} data-testid={`class-${c}`}>
              {t(classKey(c))}
              <span style={{ fontSize: 10, opacity: 0.65, marginInlineStart: 4 }}>{CLASS_ORDER.indexOf(c) + 1}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Row gutter={12}>
        <Col xs={12} md={8}>
          <Form.Item name="channel" label={t('intake.form.channel')}>
            <Select options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(channelKey(c)) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="direction" label={t('intake.form.direction')}>
            <Select
              options={[
                { value: 'inbound', label: t('intake.direction.inbound') },
                { value: 'outbound', label: t('intake.direction.outbound') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name="unitId" label={t('intake.form.unit')}>
            <Select
              allowClear
              disabled={creating || units.length === 0}
              placeholder={t('intake.form.unitNone')}
              // Several units of one model tell apart only by serial and purchase date: the serial
              // comes first so a narrow box cuts the model name, and the list shows all three.
              options={units.map((u) => ({ value: u.id, label: `${u.serialNo} · ${u.modelName}`, unit: u }))}
              optionRender={({ data }) => (
                <Flex vertical>
                  <Typography.Text>
                    {data.unit.modelName} <Typography.Text code>{data.unit.serialNo}</Typography.Text>
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {data.unit.purchaseDate
                      ? t('intake.card.purchasedOn', { date: data.unit.purchaseDate })
                      : t('intake.card.purchaseUnknown')}
                  </Typography.Text>
                </Flex>
              )}
              popupMatchSelectWidth={false}
              aria-label={t('intake.form.unit')}
            />
          </Form.Item>
        </Col>
      </Row>
      {chosenUnit ? (
        <div style={{ marginBottom: 16 }}>
          <EntitlementPanel unitId={chosenUnit.id} modelId={chosenUnit.modelId} />
        </div>
      ) : null}
      <Form.Item
        name="content"
        label={t('intake.form.content')}
        rules={[{ required: true, whitespace: true, max: 5000 }]}
      >
        <Input.TextArea
          ref={contentRef}
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder={t('intake.form.contentPlaceholder')}
        />
      </Form.Item>
      {cls === 'urging' && card?.openRequests.length ? (
        <Form.Item name="orderRef" label={t('intake.form.orderRef')}>
          <Select
            allowClear
            options={card.openRequests.map((r) => ({ value: r.code, label: `${r.code} ${r.symptoms.slice(0, 30)}` }))}
          />
        </Form.Item>
      ) : null}
      {cls === 'consultation' ? (
        <>
          <Form.Item name="handling" label={t('intake.form.handling')} style={{ marginBottom: 8 }}>
            <Radio.Group
              options={[
                { value: 'answer', label: t('intake.form.answerNow') },
                { value: 'escalate', label: t('intake.form.escalate') },
              ]}
            />
          </Form.Item>
          {handling === 'escalate' ? (
            <Form.Item name="escalateNote" label={t('intake.form.escalateNote')} rules={[{ max: 2000 }]}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
          ) : (
            <Form.Item
              name="answer"
              label={t('intake.form.answer')}
              rules={[{ required: true, whitespace: true, max: 5000 }]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          )}
        </>
      ) : null}
      {needsRequest(cls) ? (
        !card && !creating ? (
          <Alert type="warning" showIcon title={t('intake.form.customerRequired')} style={{ marginBottom: 12 }} />
        ) : (
          <RequestFields customerId={card?.customer.id ?? null} creating={creating} />
        )
      ) : null}
      {offerOrder && orderBlock ? (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, textAlign: 'end', marginBottom: 6 }}>
          {t(`intake.order.block.${orderBlock}`)}
        </Typography.Text>
      ) : null}
      <Flex justify="end" gap={8} align="center" wrap>
        {cls ? <Tag style={{ marginInlineEnd: 0 }}>{t(classKey(cls))}</Tag> : null}
        {offerOrder ? (
          <Button
            type="primary"
            disabled={!!orderBlock || saving}
            loading={ordering}
            onClick={onOrder}
            data-testid="desk-order"
          >
            {t('intake.order.create')}
            <span style={{ fontSize: 11, opacity: 0.75, marginInlineStart: 6 }}>{t('intake.order.createHint')}</span>
          </Button>
        ) : null}
        <Button
          type={offerOrder ? 'default' : 'primary'}
          htmlType="submit"
          loading={saving}
          disabled={ordering}
          data-testid="desk-save"
        >
          {needsRequest(cls) ? t('intake.form.saveAsRequest') : t('intake.form.save')}
          <span style={{ fontSize: 11, opacity: 0.75, marginInlineStart: 6 }}>{t('intake.form.saveHint')}</span>
        </Button>
      </Flex>
    </Form>
  );
}
