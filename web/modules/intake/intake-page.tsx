import { OrderedListOutlined, PhoneOutlined, ProfileOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Form, type InputRef, Row, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatPhone, normalisePhone } from '../../../shared/phone.js';
import { api, withQuery } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { IncompleteArchivesButton } from '../customers/incomplete-archives-card.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { callSpan } from './call-timer.js';
import { CallTimerBadge } from './call-timer-badge.js';
import { ContactForm } from './contact-form.js';
import { type DeskValues, contactBody, requestBody } from './desk-form.js';
import { deskCommand, lookupText, needsRequest } from './desk-keys.js';
import { divisionsTo, renameFieldErrors } from './field-paths.js';
import {
  type CallerIdEvent,
  CONTACTS_URL,
  type Contact,
  type CustomerCard,
  LOOKUP_URL,
  type LookupResult,
  REQUESTS_URL,
  type ServiceRequest,
} from './intake-api.js';
import { LookupPanel } from './lookup-panel.js';
import { OpenOrders } from './open-orders.js';
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
  const lookup = useApiQuery<LookupResult>(q ? withQuery(LOOKUP_URL, { q }) : null, {
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

  const save = useMutation({
    mutationFn: async (v: DeskValues) => {
      const span = callSpan(timer.startedAt, new Date());
      let contact = pending;
      if (!contact) {
        const body = contactBody(
          v,
          {
            customerId: selected?.customer.id ?? null,
            creating,
            from: v.channel === 'phone' ? (callerPhone ?? phoneOf(text)) : null,
          },
          span,
        );
        try {
          contact = await api.post<Contact>(CONTACTS_URL, body);
        } catch (err) {
          throw renameFieldErrors(err, divisionsTo('area'));
        }
        if (v.class === 'consultation' && v.handling === 'escalate') {
          await api.post<Contact>(`${CONTACTS_URL}/${contact.id}/escalate`, {
            queue: 'tech_supervisor',
            ...(v.escalateNote?.trim() ? { note: v.escalateNote.trim() } : {}),
          });
        }
      }
      let request: ServiceRequest | null = null;
      if (needsRequest(v.class) && contact.customerId) {
        setPending(contact);
        let addressId: string | null = v.addressId && v.addressId !== 'new' ? v.addressId : null;
        if (v.addressId === 'new') {
          // The new customer's address was created with it; find its id in the archive.
          const created = await api
            .get<{ addresses: { id: string; isPrimary: boolean }[] }>(`/api/customers/${contact.customerId}`)
            .catch(() => null);
          addressId = created?.addresses.find((a) => a.isPrimary)?.id ?? created?.addresses[0]?.id ?? null;
        }
        const body = requestBody(v, {
          customerId: contact.customerId,
          contactId: contact.id,
          addressId,
          unitId: contact.unitId,
        });
        if (body) request = await api.post<ServiceRequest>(REQUESTS_URL, body);
      }
      return { contact, request };
    },
    onSuccess: async ({ contact, request }, v) => {
      setLastSaved({ contact: contact.code, request: request?.code ?? null });
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

  const onFinish = (v: DeskValues) => {
    if (needsRequest(v.class) && !selected && !creating) {
      message.warning(t('intake.form.customerRequired'));
      return;
    }
    save.mutate(v);
  };

  // Desk-wide keys: Alt+1…7 class, Ctrl+Enter save, F2 search, Alt+N new customer.
  const onKey = useRef<(e: KeyboardEvent) => void>(() => {});
  onKey.current = (e: KeyboardEvent) => {
    const cmd = deskCommand(e);
    if (!cmd) return;
    e.preventDefault();
    if (cmd.type === 'class') {
      form.setFieldValue('class', cmd.value);
      timer.start();
    } else if (cmd.type === 'save') {
      if (!save.isPending) form.submit();
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
                  </Flex>
                }
              />
            ) : null}
            {selected ? <OpenOrders customerId={selected.customer.id} /> : null}
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
