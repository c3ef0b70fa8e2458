import { CheckOutlined, CloseOutlined, FileTextOutlined, MoneyCollectOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Select,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import {
  COLLECTION_METHODS,
  type Collection,
  type CollectionMethod,
  type OrderMoney,
  type Quote,
  TITLE_KINDS,
} from '../../../server/modules/money/collection/contract.js';
import { EXCLUSION_KINDS, type ExclusionKind } from '../../../server/modules/warranty/contract.js';
import { yuan } from '../../../shared/money.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { SignatureField } from '../technician/signature-field.js';
import {
  fenToYuanInput,
  leftToCollect,
  needsReference,
  parseYuan,
  paymentSteps,
  showsPayment,
} from './collect-rules.js';

/*
 * Paid work (docs/money-collection-screens.md), one section for the technician's phone and the
 * staff's order page: the quote with its lines and their explanations, the customer's signature to
 * agree or the refusal with its call-out charge (on the phone only: the customer signs at the job),
 * the collections with their receipts and corrections, and the invoice request. What is allowed
 * comes from the order's money as the server answers it; form fields are named as the API's, so a
 * refusal lands on its field.
 */

/** Where the section is shown: the technician's phone (large touch targets) or the desktop order page. */
export type PaymentVariant = 'phone' | 'desk';
const BIG = { size: 'large' as const, style: { minHeight: 48 } };
const sized = (variant: PaymentVariant) => (variant === 'phone' ? BIG : {});
export const methodKey = (m: CollectionMethod): MessageKey => `collect.method.${m}`;
const stateKey = (s: Quote['state']): MessageKey => `collect.state.${s}`;
const STATE_COLOR: Record<Quote['state'], string> = { proposed: 'processing', agreed: 'success', refused: 'warning' };

export function useMoneyText() {
  const { lang } = useI18n();
  return (fen: number) => yuan(fen)[lang];
}

function moneyUrl(orderId: string) {
  return `/api/orders/${orderId}/money`;
}

/**
 * The quote's lines, each headed by its item in the reader's language (a rule's label is what
 * someone typed, in their language; the explanation names it) with its explanation, and the total.
 */
function QuoteLines({ quote }: { quote: Quote }) {
  const { t, pick } = useI18n();
  const money = useMoneyText();
  return (
    <Flex vertical gap={4} data-testid="quote-lines">
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{t('collect.quote')}</Typography.Text>
        <Tag color={STATE_COLOR[quote.state]} data-testid="quote-state">
          {t(stateKey(quote.state))}
        </Tag>
      </Flex>
      <Typography.Text type="secondary">{t('collect.quoteDay', { day: quote.day })}</Typography.Text>
      <List
        size="small"
        dataSource={quote.lines}
        renderItem={(l, i) => (
          <List.Item key={`${l.item}-${i}`} style={{ display: 'block', paddingInline: 0 }}>
            <Flex justify="space-between" gap={8}>
              <span>
                {t(`fee.item.${l.item}`)}
                {l.quantity > 1 ? ` ${t('collect.quantity', { n: l.quantity })}` : ''}
              </span>
              <Typography.Text strong>{money(l.amountFen)}</Typography.Text>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {pick(l.explanation)}
            </Typography.Text>
          </List.Item>
        )}
      />
      <Flex justify="space-between" style={{ fontSize: 18 }}>
        <Typography.Text strong>{t('collect.total')}</Typography.Text>
        <Typography.Text strong data-testid="quote-total">
          {money(quote.totalFen)}
        </Typography.Text>
      </Flex>
      {quote.state === 'refused' ? (
        <Alert
          type="warning"
          showIcon
          message={`${t('collect.calloutDue')}: ${money(quote.calloutFen)}`}
          description={[pick(quote.calloutExplanation), quote.refusalReason].filter(Boolean).join(' · ')}
          data-testid="callout-due"
        />
      ) : null}
    </Flex>
  );
}

/** The customer signs and agrees, or refuses (then the call-out charge is due). */
function DecideQuote({ quote, onDone }: { quote: Quote; onDone: () => Promise<void> }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const money = useMoneyText();
  const showError = useApiError();
  const [form] = Form.useForm<{ signature: string | null }>();
  const [refuseForm] = Form.useForm<{ reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [refusing, setRefusing] = useState(false);
  const agree = async (v: { signature: string | null }) => {
    setBusy(true);
    try {
      await api.call('POST /api/order-quotes/:id/agree', {
        params: { id: quote.id },
        body: { signature: v.signature! },
      });
      message.success(t('collect.agreed'));
      await onDone();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  const refuse = async (v: { reason?: string }) => {
    setBusy(true);
    try {
      const reason = v.reason?.trim();
      await api.call('POST /api/order-quotes/:id/refuse', {
        params: { id: quote.id },
        body: reason ? { reason } : {},
      });
      message.success(t('collect.refused'));
      setRefusing(false);
      await onDone();
    } catch (err) {
      showError(err, refuseForm);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Form form={form} layout="vertical" name="quote-agree" onFinish={agree}>
        <Form.Item
          name="signature"
          label={t('collect.customerSigns')}
          rules={[{ required: true, message: t('collect.signatureRequired') }]}
        >
          <SignatureField onChange={(s) => form.setFieldValue('signature', s)} />
        </Form.Item>
        <Flex gap={8}>
          <Button
            {...BIG}
            type="primary"
            block
            htmlType="submit"
            icon={<CheckOutlined />}
            loading={busy}
            data-testid="quote-agree"
          >
            {t('collect.agree')}
          </Button>
          <Button
            {...BIG}
            block
            danger
            icon={<CloseOutlined />}
            onClick={() => setRefusing(true)}
            data-testid="quote-refuse"
          >
            {t('collect.refuse')}
          </Button>
        </Flex>
      </Form>
      <Modal
        open={refusing}
        title={t('collect.refuseTitle')}
        onCancel={() => setRefusing(false)}
        onOk={() => refuseForm.submit()}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('collect.refuseHint', { amount: money(quote.calloutFen), why: pick(quote.calloutExplanation) })}
        />
        <Form form={refuseForm} layout="vertical" name="quote-refuse" onFinish={refuse}>
          <Form.Item name="reason" label={t('collect.refusalReason')} rules={[{ max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

interface CollectValues {
  amountFen: string;
  method: CollectionMethod;
  reference?: string;
}

/** Amount in yuan (prefilled with what is left), method, reference unless cash → the receipt. */
function CollectForm({
  orderId,
  leftFen,
  onDone,
  variant,
}: {
  orderId: string;
  leftFen: number;
  onDone: (c: Collection) => Promise<void>;
  variant: PaymentVariant;
}) {
  const { t } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<CollectValues>();
  const [busy, setBusy] = useState(false);
  const method = Form.useWatch('method', form);
  const submit = async (v: CollectValues) => {
    setBusy(true);
    try {
      const reference = v.reference?.trim();
      const c = await api.call('POST /api/orders/:id/collections', {
        params: { id: orderId },
        body: { amountFen: parseYuan(v.amountFen)!, method: v.method, ...(reference ? { reference } : {}) },
      });
      form.resetFields();
      await onDone(c);
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<CollectValues>
      form={form}
      layout="vertical"
      name="collect"
      size={variant === 'phone' ? 'large' : 'middle'}
      initialValues={{ amountFen: fenToYuanInput(leftFen), method: 'cash' }}
      onFinish={submit}
    >
      <Form.Item
        name="amountFen"
        label={t('collect.amount')}
        rules={[
          {
            validator: async (_, value) => {
              const fen = parseYuan(value);
              if (fen === null) throw new Error(t('collect.amountInvalid'));
              if (fen <= 0) throw new Error(t('collect.amountPositive'));
            },
          },
        ]}
      >
        <Input inputMode="decimal" prefix="¥" autoComplete="off" />
      </Form.Item>
      <Form.Item name="method" label={t('collect.method')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={COLLECTION_METHODS.map((m) => ({ value: m, label: t(methodKey(m)) }))}
        />
      </Form.Item>
      <Form.Item
        name="reference"
        label={t('collect.reference')}
        dependencies={['method']}
        rules={[
          { required: needsReference(method), whitespace: true, message: t('collect.referenceRequired') },
          { max: 100 },
        ]}
      >
        <Input autoComplete="off" maxLength={100} />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        block
        icon={<MoneyCollectOutlined />}
        loading={busy}
        style={variant === 'phone' ? { height: 56, fontSize: 18 } : undefined}
        data-testid="collect-submit"
      >
        {t('collect.collect')}
      </Button>
    </Form>
  );
}

interface InvoiceValues {
  titleKind: (typeof TITLE_KINDS)[number];
  title: string;
  taxId?: string;
  email?: string;
  phone?: string;
}

/** The customer's invoice request: personal or company title (with its tax ID), where to send it. */
function InvoiceForm({
  orderId,
  onDone,
  variant,
}: {
  orderId: string;
  onDone: () => Promise<void>;
  variant: PaymentVariant;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<InvoiceValues>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('titleKind', form);
  const submit = async (v: InvoiceValues) => {
    setBusy(true);
    const opt = (s?: string) => (s?.trim() ? s.trim() : undefined);
    try {
      await api.call('POST /api/orders/:id/invoice-request', {
        params: { id: orderId },
        body: {
          titleKind: v.titleKind,
          title: v.title.trim(),
          taxId: v.titleKind === 'company' ? opt(v.taxId) : undefined,
          email: opt(v.email),
          phone: opt(v.phone),
        },
      });
      message.success(t('collect.invoiceRequested'));
      await onDone();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  const contactRule = {
    validator: async () => {
      const { email, phone } = form.getFieldsValue(['email', 'phone']);
      if (!email?.trim() && !phone?.trim()) throw new Error(t('collect.contactRequired'));
    },
  };
  return (
    <Form<InvoiceValues>
      form={form}
      layout="vertical"
      name="invoice-request"
      size={variant === 'phone' ? 'large' : 'middle'}
      initialValues={{ titleKind: 'personal' }}
      onFinish={submit}
    >
      <Form.Item name="titleKind" label={t('collect.titleKind')}>
        <Radio.Group
          optionType="button"
          options={TITLE_KINDS.map((k) => ({ value: k, label: t(`collect.titleKind.${k}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('collect.title')}
        rules={[{ required: true, whitespace: true, message: t('orders.form.required') }, { max: 200 }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      {kind === 'company' ? (
        <Form.Item
          name="taxId"
          label={t('collect.taxId')}
          rules={[{ required: true, whitespace: true, message: t('collect.taxIdRequired') }, { max: 20 }]}
        >
          <Input maxLength={20} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="email"
        label={t('collect.email')}
        dependencies={['phone']}
        rules={[{ type: 'email' }, contactRule]}
      >
        <Input inputMode="email" maxLength={200} />
      </Form.Item>
      <Form.Item name="phone" label={t('collect.phone')} dependencies={['email']} rules={[contactRule]}>
        <Input inputMode="tel" maxLength={20} />
      </Form.Item>
      <Button
        htmlType="submit"
        block
        icon={<FileTextOutlined />}
        loading={busy}
        {...sized(variant)}
        data-testid="invoice-submit"
      >
        {t('collect.invoiceRequest')}
      </Button>
    </Form>
  );
}

/** On the desktop a form sits in its own inner card; on the phone it follows the card's flow. */
function Wrap({ desk, title, children }: { desk: boolean; title: string; children: ReactNode }) {
  return desk ? (
    <Card size="small" type="inner" title={title}>
      {children}
    </Card>
  ) : (
    <>{children}</>
  );
}

/** Due, collected and what is left, side by side. */
function Totals({ money }: { money: OrderMoney }) {
  const { t } = useI18n();
  const text = useMoneyText();
  const left = leftToCollect(money);
  return (
    <Descriptions size="small" column={3} layout="vertical" bordered data-testid="payment-totals">
      <Descriptions.Item label={t('collect.due')}>{text(money.dueFen)}</Descriptions.Item>
      <Descriptions.Item label={t('collect.collected')}>
        <span data-testid="collected">{text(money.collectedFen)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('collect.left')}>
        <Typography.Text type={left > 0 ? 'danger' : 'success'} data-testid="left">
          {text(left)}
        </Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
}

/**
 * An order in warranty is quoted only when the technician judges the fault excluded (fire, misuse,
 * an unauthorised repair…): the cause and what was found go with the quote, and the server refuses
 * it naming `exclusion` when nothing excludes it.
 */
function ExcludedFaultQuote({ orderId, onDone }: { orderId: string; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const showError = useApiError();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ kind: ExclusionKind; note: string }>();
  const submit = async (v: { kind: ExclusionKind; note: string }) => {
    setBusy(true);
    try {
      await api.call('POST /api/orders/:id/quote', {
        params: { id: orderId },
        body: { exclusion: { kind: v.kind, note: v.note } },
      });
      setOpen(false);
      await onDone();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button block onClick={() => setOpen(true)} data-testid="excluded-quote">
        {t('collect.excludedQuote')}
      </Button>
      <Modal
        open={open}
        title={t('collect.excludedQuote')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('collect.excludedHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" name="exclusion" onFinish={submit}>
          <Form.Item name="kind" label={t('collect.excludedKind')} rules={[{ required: true }]}>
            <Select options={EXCLUSION_KINDS.map((k) => ({ value: k, label: t(`warranty.exclusion.${k}`) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('collect.excludedNote')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/**
 * The 收费 section: shown when the order is paid work or money is already on it. On the phone, for
 * an order in warranty that may be quoted now (`quotable`), only the way to quote an excluded fault.
 * On the desktop order page (`variant="desk"`) staff see the same quote, totals, collections and
 * invoice request, and with `money.collect` record a collection or an invoice request; the quote
 * is made and agreed at the job, on the phone.
 */
export function PaymentSection({
  orderId,
  quotable = false,
  variant = 'phone',
}: {
  orderId: string;
  quotable?: boolean;
  variant?: PaymentVariant;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe().data;
  const showError = useApiError();
  const text = useMoneyText();
  const q = useApiQuery('GET /api/orders/:id/money', { params: { id: orderId } });
  const [quoting, setQuoting] = useState(false);
  const [last, setLast] = useState<Collection | null>(null);
  const refresh = () => invalidateUrls(qc, moneyUrl(orderId), `/api/orders/${orderId}`);
  if (!q.data) return null;
  const desk = variant === 'desk';
  if (!showsPayment(q.data)) {
    return !desk && quotable && can(me, 'orders.execute') ? (
      <ExcludedFaultQuote orderId={orderId} onDone={refresh} />
    ) : null;
  }
  const m = q.data;
  const steps = paymentSteps(m, {
    execute: !desk && can(me, 'orders.execute'),
    collect: can(me, 'money.collect'),
  });
  const makeQuote = async () => {
    setQuoting(true);
    try {
      await api.call('POST /api/orders/:id/quote', { params: { id: orderId }, body: {} });
      await refresh();
    } catch (err) {
      showError(err);
    } finally {
      setQuoting(false);
    }
  };
  return (
    <Card
      size="small"
      title={
        <span>
          <MoneyCollectOutlined /> {t('collect.section')}
        </span>
      }
      data-testid={desk ? 'order-payment' : 'payment'}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">
          {t('collect.entitlement')}: {pick(m.quote?.entitlementText ?? m.entitlementText)}
        </Typography.Text>
        {m.quote ? <QuoteLines quote={m.quote} /> : null}
        {desk && !m.quote ? <Typography.Text type="secondary">{t('collect.noQuote')}</Typography.Text> : null}
        {desk && m.quote?.state === 'proposed' ? (
          <Alert type="info" showIcon message={t('collect.awaitingOnPhone')} data-testid="quote-awaiting" />
        ) : null}
        {steps.quote ? (
          <Button
            {...BIG}
            block
            type={m.quote ? 'default' : 'primary'}
            loading={quoting}
            onClick={makeQuote}
            data-testid="make-quote"
          >
            {m.quote ? t('collect.remakeQuote') : t('collect.makeQuote')}
          </Button>
        ) : null}
        {steps.decide && m.quote ? <DecideQuote quote={m.quote} onDone={refresh} /> : null}
        {m.dueFen > 0 || m.collectedFen !== 0 ? <Totals money={m} /> : null}
        {last ? (
          <Alert
            type="success"
            showIcon
            message={t('collect.collectedOk', { no: last.receiptNo })}
            description={last.smsQueued ? t('collect.smsQueued') : undefined}
            action={
              <Link to={`/collections/${last.id}/receipt`} data-testid="receipt-link">
                <Button>{t('collect.openReceipt')}</Button>
              </Link>
            }
          />
        ) : null}
        {steps.collect ? (
          <Wrap desk={desk} title={t('collect.recordCollection')}>
            <CollectForm
              key={`${m.dueFen}-${m.collectedFen}`}
              orderId={orderId}
              leftFen={leftToCollect(m)}
              variant={variant}
              onDone={async (c) => {
                setLast(c);
                message.success(t('collect.collectedOk', { no: c.receiptNo }));
                await refresh();
              }}
            />
          </Wrap>
        ) : null}
        {m.collections.length ? (
          <List
            size="small"
            header={<Typography.Text strong>{t('collect.entries')}</Typography.Text>}
            dataSource={m.collections}
            renderItem={(c) => (
              <List.Item
                key={c.id}
                actions={[
                  <Link key="r" to={`/collections/${c.id}/receipt`}>
                    {t('collect.receipt')}
                  </Link>,
                ]}
              >
                <Flex vertical>
                  <span>
                    {c.receiptNo} · {text(c.amountFen)} · {t(methodKey(c.method))}
                    {c.correctsId ? ` · ${t('collect.correction')}` : ''}
                    {c.correctsId && c.reason ? `: ${c.reason}` : ''}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(c.collectedAt)} · {c.collectedBy.name}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        ) : null}
        {m.invoiceRequest ? (
          <Descriptions size="small" column={1} title={t('collect.invoice')} data-testid="invoice-request">
            <Descriptions.Item label={t('collect.title')}>
              {m.invoiceRequest.title} ({t(`collect.titleKind.${m.invoiceRequest.titleKind}`)})
            </Descriptions.Item>
            <Descriptions.Item label={t('collect.invoiceState')}>
              {t(`collect.invoiceState.${m.invoiceRequest.state}`)}
              {m.invoiceRequest.invoiceNo ? ` · ${m.invoiceRequest.invoiceNo}` : ''}
            </Descriptions.Item>
          </Descriptions>
        ) : steps.invoice ? (
          <Card size="small" type="inner" title={t('collect.invoice')}>
            <InvoiceForm orderId={orderId} onDone={refresh} variant={variant} />
          </Card>
        ) : null}
      </Flex>
    </Card>
  );
}
