import { OrderedListOutlined, PhoneOutlined, ProfileOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Form, type InputRef, Row, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatPhone, normalisePhone } from '../../../shared/phone.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { IncompleteArchivesButton } from '../customers/incomplete-archives-card.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { callSpan } from './call-timer.js';
import { CallTimerBadge } from './call-timer-badge.js';
import { ContactForm } from './contact-form.js';
import { createBody } from '../work-orders/order-rules.js';
import { newIdempotencyKey, ORDERS_URL } from '../work-orders/orders-api.js';
import {
  type DeskValues,
  contactBody,
  deskOrderForm,
  directOrderBlock,
  orderFieldToDesk,
  requestBody,
} from './desk-form.js';
import { deskCommand, lookupText, needsRequest } from './desk-keys.js';
import { divisionsTo, renameFieldErrors } from './field-paths.js';
import {
  type CallerIdEvent,
  CONTACTS_URL,
  type Contact,
  type CustomerCard,
  LOOKUP_URL,
  REQUESTS_URL,
  type ServiceRequest,
} from './intake-api.js';
import { LookupPanel } from './lookup-panel.js';
import { DeskOrderResult, type DeskOrder } from './desk-order-result.js';
import { OpenOrders } from './open-orders.js';
import { DeskComplaints, mayRecordComplaint, RecordComplaintDialog } from '../complaints/desk-complaints.js';
import { useCallTimer } from './use-call-timer.js';
import { useCallerId } from './use-caller-id.js';

const DEBOUNCE_MS = 200;

function useDebounced(value: string, ms: number): string {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** The phone in the search box, when it is one, to prefill a new customer and the contact's origin. */
function phoneOf(text: string): string | null {
  const p = normalisePhone(text);
  return p ? p.number : null;
}

interface Saved {
  contact: string;
  request: string | null;
  order: DeskOrder | null;
  /** A contact classified 投诉 with its customer: the complaint can be recorded from it. */
  complaint?: { contactId: string; customer: { id: string; name: string } } | null;
}

/**
 * The hotline desk (seed 004): one search box, the customer's card, and the contact form beside
 * it; keyboard-first for the night shift, at 1366×768.
 */
export function IntakePage() {
  const t = useT();
  const qc = useQueryClient();
  const { message, notification } = App.useApp();
  const showError = useApiError();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<DeskValues>();
  const searchRef = useRef<InputRef>(null);
  const contentRef = useRef<TextAreaRef>(null);

  const [text, setText] = useState('');
  const debounced = useDebounced(text, DEBOUNCE_MS);
  const q = lookupText(debounced);
  const lookup = useApiQuery('GET /api/intake/lookup', q ? { query: { q } } : null, {
    placeholderData: (prev) => prev,
    staleTime: 5_000,
  });
  const cards = q ? (lookup.data?.cards ?? []) : [];
  const [activeIndex, setActiveIndex] = useState(-1);
  const [selected, setSelected] = useState<CustomerCard | null>(null);
  const [creating, setCreating] = useState(false);
  const [callerPhone, setCallerPhone] = useState<string | null>(null);
  const [lastSaved, setLastSaved] = useState<Saved | null>(null);
  // A contact already saved whose request failed: the next save only retries the request.
  const [pending, setPending] = useState<Contact | null>(null);
  // One key per call's order: a retry after a lost answer returns the first order, never a second.
  const orderKey = useRef(newIdempotencyKey());
  const me = useMe().data;
  const mayOrder = can(me, 'orders.create');
  const [complaintFrom, setComplaintFrom] = useState<NonNullable<Saved['complaint']> | null>(null);
  const timer = useCallTimer();

  useEffect(() => {
    setActiveIndex(cards.length ? 0 : -1);
  }, [cards.length]);

  const focusSearch = useCallback(() => {
    searchRef.current?.focus({ cursor: 'all' });
  }, []);

  const selectCard = (card: CustomerCard) => {
    setSelected(card);
    setCreating(false);
    form.setFieldsValue({ unitId: card.units.length === 1 ? card.units[0]!.id : undefined, addressId: undefined });
    timer.start();
    // At once, not after the render: the agent's next keystrokes belong to the contact text.
    contentRef.current?.focus();
  };

  const startNewCustomer = useCallback(() => {
    setCreating(true);
    setSelected(null);
    form.setFieldsValue({
      unitId: undefined,
      addressId: undefined,
      newCustomer: { kind: 'individual', name: '', phone: phoneOf(text) ?? callerPhone ?? '', address: undefined },
    });
    timer.start();
    window.setTimeout(() => document.getElementById('desk_newCustomer_name')?.focus(), 0);
  }, [form, text, callerPhone, timer]);

  const resetDesk = () => {
    form.resetFields();
    document.querySelector('#desk-form-body .ant-card-body')?.scrollTo({ top: 0 });
    setSelected(null);
    setCreating(false);
    setPending(null);
    orderKey.current = newIdempotencyKey();
    setCallerPhone(null);
    setText('');
    timer.stop();
    window.setTimeout(focusSearch, 0);
  };

  useCallerId((e: CallerIdEvent) => {
    const names = e.customers.map((c) => c.name).join(t('common.listSeparator'));
    notification.info({
      key: `call-${e.callId ?? e.phone}`,
      title: t('intake.callerId.title', { phone: formatPhone(e.phone) }),
      description: names ? t('intake.callerId.known', { names }) : t('intake.callerId.unknown'),
      placement: 'topRight',
      duration: 8,
    });
    setCallerPhone(e.phone);
    setText(e.phone);
    setSelected(null);
    setCreating(false);
    form.setFieldsValue({ channel: 'phone', direction: 'inbound' });
    timer.restart();
    focusSearch();
  });

  /** Logs the contact (and its escalation), or returns the one already logged whose follow-up failed. */
  const saveContact = async (v: DeskValues): Promise<Contact> => {
    if (pending) return pending;
    const body = contactBody(
      v,
      {
        customerId: selected?.customer.id ?? null,
        creating,
        from: v.channel === 'phone' ? (callerPhone ?? phoneOf(text)) : null,
      },
      callSpan(timer.startedAt, new Date()),
    );
    let contact: Contact;
    try {
      contact = await api.call('POST /api/intake/contacts', { body });
    } catch (err) {
      throw renameFieldErrors(err, divisionsTo('area'));
    }
    if (v.class === 'consultation' && v.handling === 'escalate') {
      await api.call('POST /api/intake/contacts/:id/escalate', {
        params: { id: contact.id },
        body: { queue: 'tech_supervisor', ...(v.escalateNote?.trim() ? { note: v.escalateNote.trim() } : {}) },
      });
    }
    return contact;
  };

  const save = useMutation({
    mutationFn: async (v: DeskValues) => {
      const contact = await saveContact(v);
      let request: ServiceRequest | null = null;
      if (needsRequest(v.class) && contact.customerId) {
        setPending(contact);
        let addressId: string | null = v.addressId && v.addressId !== 'new' ? v.addressId : null;
        if (v.addressId === 'new') {
          // The new customer's address was created with it; find its id in the archive.
          const created = contact.customerId
            ? await api.call('GET /api/customers/:id', { params: { id: contact.customerId } }).catch(() => null)
            : null;
          addressId = created?.addresses.find((a) => a.isPrimary)?.id ?? created?.addresses[0]?.id ?? null;
        }
        const body = requestBody(v, {
          customerId: contact.customerId,
          contactId: contact.id,
          addressId,
          unitId: contact.unitId,
        });
        if (body) request = await api.call('POST /api/intake/requests', { body });
      }
      return { contact, request };
    },
    onSuccess: async ({ contact, request }, v) => {
      const customerName = selected?.customer.name ?? v.newCustomer?.name ?? '';
      setLastSaved({
        contact: contact.code,
        request: request?.code ?? null,
        order: null,
        complaint:
          v.class === 'complaint' && contact.customerId
            ? { contactId: contact.id, customer: { id: contact.customerId, name: customerName } }
            : null,
      });
      message.success(
        request
          ? t('intake.desk.savedWithRequest', { code: contact.code, request: request.code })
          : v.class === 'consultation' && v.handling === 'escalate'
            ? t('intake.desk.escalated', { code: contact.code })
            : t('intake.desk.saved', { code: contact.code }),
      );
      resetDesk();
      await invalidateUrls(qc, LOOKUP_URL, CONTACTS_URL, REQUESTS_URL, '/api/intake/queue');
    },
    onError: (err) => showError(err, form),
  });

  /*
   * 直接建服务单: the contact, then the order linked to it. Two requests (the intake module sits
   * below work orders and cannot create one), made safe instead: a contact already logged is not
   * logged again, and the order carries the call's Idempotency-Key, so a retry after a lost answer
   * gets the first order back. A refusal leaves nothing of the order and lands on its field.
   */
  const direct = useMutation({
    mutationFn: async (v: DeskValues) => {
      const contact = await saveContact(v);
      setPending(contact);
      const customerId = contact.customerId ?? selected?.customer.id;
      if (!customerId) throw new Error(t('intake.form.customerRequired'));
      const addressId = v.addressId && v.addressId !== 'new' ? v.addressId : null;
      try {
        const order = await api.call(
          'POST /api/orders',
          { body: createBody(deskOrderForm(v, { customerId, contactId: contact.id, addressId })) },
          { headers: { 'Idempotency-Key': orderKey.current } },
        );
        return { contact, order };
      } catch (err) {
        throw renameFieldErrors(err, orderFieldToDesk);
      }
    },
    onSuccess: async ({ contact, order }, v) => {
      const unit = selected?.units.find((u) => u.id === v.unitId);
      setLastSaved({
        contact: contact.code,
        request: null,
        order: {
          id: order.id,
          code: order.code,
          unitId: v.unitId ?? null,
          modelId: unit?.modelId ?? null,
          suggestion: order.suggestion,
        },
      });
      message.success(t('intake.desk.savedWithOrder', { code: contact.code, order: order.code }));
      resetDesk();
      await invalidateUrls(qc, LOOKUP_URL, CONTACTS_URL, ORDERS_URL, '/api/intake/queue');
    },
    onError: (err) => showError(err, form),
  });
  const busy = save.isPending || direct.isPending;
  const customerId = selected?.customer.id ?? null;

  const orderNow = () => {
    if (busy) return;
    form
      .validateFields()
      .then((v) => {
        const block = directOrderBlock(v, { customerId });
        if (block) {
          message.warning(t(`intake.order.block.${block}`));
          return;
        }
        direct.mutate(v);
      })
      .catch((info: { errorFields?: { name: (string | number)[] }[] }) => {
        const first = info.errorFields?.[0];
        if (first) form.scrollToField(first.name);
      });
  };

  const onFinish = (v: DeskValues) => {
    if (needsRequest(v.class) && !selected && !creating) {
      message.warning(t('intake.form.customerRequired'));
      return;
    }
    save.mutate(v);
  };

  // Desk-wide keys: Alt+1…7 class, Ctrl+Enter save, Ctrl+Shift+Enter order, F2 search, Alt+N new customer.
  const onKey = useRef<(e: KeyboardEvent) => void>(() => {});
  onKey.current = (e: KeyboardEvent) => {
    const cmd = deskCommand(e);
    if (!cmd) return;
    e.preventDefault();
    if (cmd.type === 'class') {
      form.setFieldValue('class', cmd.value);
      timer.start();
    } else if (cmd.type === 'save') {
      if (!busy) form.submit();
    } else if (cmd.type === 'order') {
      if (mayOrder) orderNow();
      else message.warning(t('intake.order.notAllowed'));
    } else if (cmd.type === 'search') focusSearch();
    else startNewCustomer();
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const listHeight = isPhone ? undefined : 'calc(100vh - 260px)';

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8}>
            <PhoneOutlined />
            {t('intake.desk.title')}
          </Flex>
        }
        extra={
          <>
            <IncompleteArchivesButton />
            <Link to="/intake/contacts">
              <Button icon={<ProfileOutlined />}>{t('intake.desk.contacts')}</Button>
            </Link>
            <Link to="/intake/requests">
              <Button icon={<OrderedListOutlined />}>{t('intake.desk.requests')}</Button>
            </Link>
            <Link to="/intake/queue">
              <Button icon={<TeamOutlined />}>{t('intake.desk.queue')}</Button>
            </Link>
          </>
        }
      />
      <Row gutter={[16, 16]} style={{ marginTop: -4 }}>
        <Col xs={24} lg={10}>
          <LookupPanel
            inputRef={searchRef}
            text={text}
            onText={(v) => {
              setText(v);
              if (!v) setCallerPhone(null);
            }}
            searched={q ? (lookup.data?.q ?? null) : null}
            cards={cards}
            loading={lookup.isFetching}
            activeIndex={activeIndex}
            onActiveIndex={setActiveIndex}
            selectedId={selected?.customer.id ?? null}
            onSelect={selectCard}
            onNewCustomer={startNewCustomer}
            maxHeight={listHeight}
          />
        </Col>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={<CallTimerBadge running={!!timer.startedAt} elapsedMs={timer.elapsedMs} onStart={timer.restart} />}
            extra={
              <Button type="text" size="small" onClick={resetDesk}>
                {t('intake.desk.reset')}
              </Button>
            }
            id="desk-form-body"
            styles={{ body: { maxHeight: isPhone ? undefined : 'calc(100vh - 230px)', overflowY: 'auto' } }}
          >
            {lastSaved ? (
              <Alert
                type="success"
                showIcon
                closable
                onClose={() => setLastSaved(null)}
                style={{ marginBottom: 12 }}
                data-testid="last-saved"
                title={
                  <Flex gap={12} wrap>
                    <span>{t('intake.desk.lastSaved', { code: lastSaved.contact })}</span>
                    {lastSaved.request ? (
                      <Typography.Text strong>
                        {t('intake.desk.lastSavedRequest', { code: lastSaved.request })}
                      </Typography.Text>
                    ) : null}
                    {lastSaved.complaint && mayRecordComplaint(me) ? (
                      <Button
                        size="small"
                        danger
                        onClick={() => setComplaintFrom(lastSaved.complaint ?? null)}
                        data-testid="record-complaint-from-contact"
                      >
                        {t('cmp.desk.record')}
                      </Button>
                    ) : null}
                  </Flex>
                }
                description={lastSaved.order ? <DeskOrderResult order={lastSaved.order} /> : undefined}
              />
            ) : null}
            {selected ? <OpenOrders customerId={selected.customer.id} /> : null}
            {selected ? <DeskComplaints customer={selected.customer} /> : null}
            {complaintFrom ? (
              <RecordComplaintDialog
                customer={complaintFrom.customer}
                contactId={complaintFrom.contactId}
                onClose={() => setComplaintFrom(null)}
              />
            ) : null}
            <ContactForm
              form={form}
              card={selected}
              creating={creating}
              onCancelNew={() => {
                setCreating(false);
                focusSearch();
              }}
              onClearCustomer={() => {
                setSelected(null);
                form.setFieldsValue({ unitId: undefined, addressId: undefined });
              }}
              onFinish={onFinish}
              onTouch={timer.start}
              saving={save.isPending}
              ordering={direct.isPending}
              onOrder={mayOrder ? orderNow : undefined}
              contentRef={contentRef}
            />
          </Card>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 6 }}>
            {t('intake.desk.shortcuts')}
          </Typography.Text>
        </Col>
      </Row>
    </>
  );
}
