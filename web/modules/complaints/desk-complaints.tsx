import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useT } from '../../i18n/index.js';
import { ComplaintStateTag, DeadlineCountdown, LevelTag, SeverityTag } from './complaint-parts.js';
import { ComplaintOpenForm, type OpenValues } from './complaint-open-form.js';

/** Who may open a complaint from the desk: the hotline (contacts) and complaint handlers. */
export function mayRecordComplaint(me: Parameters<typeof can>[0]): boolean {
  return can(me, 'contacts.create') || can(me, 'complaints.handle');
}

/** The "记录投诉" dialog: the complaint form with the caller already chosen, from the hotline. */
export function RecordComplaintDialog({
  customer,
  contactId,
  onClose,
}: {
  customer: { id: string; name: string };
  contactId?: string;
  onClose: () => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<OpenValues>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('cmp.open.title')}
      okText={t('cmp.open.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <ComplaintOpenForm
        form={form}
        fixedCustomer={customer}
        contactId={contactId}
        initial={{ source: 'hotline' }}
        submitButton={false}
        onPendingChange={setBusy}
        onDone={(c) => {
          onClose();
          navigate(`/complaints/${c.id}`);
        }}
      />
    </Modal>
  );
}

/**
 * The caller's open complaints on the intake desk, each with its level and the time left to answer,
 * and the "记录投诉" action: a caller chasing a complaint is answered from here, a new one is recorded.
 */
export function DeskComplaints({ customer }: { customer: { id: string; name: string } }) {
  const t = useT();
  const me = useMe().data;
  const [recording, setRecording] = useState(false);
  const list = useApiQuery(
    'GET /api/complaints',
    can(me, 'complaints.read') ? { query: { customerId: customer.id, open: 'true', pageSize: 10 } } : null,
  );
  const items = list.data?.items ?? [];
  const record = mayRecordComplaint(me);
  if (items.length === 0 && !record) return null;
  return (
    <Card
      size="small"
      title={
        <Flex gap={6} align="center">
          <ExclamationCircleOutlined style={{ color: items.length ? '#cf1322' : undefined }} />
          {t('cmp.desk.title')}
          {items.length ? <Typography.Text type="danger">({items.length})</Typography.Text> : null}
        </Flex>
      }
      extra={
        record ? (
          <Button size="small" danger onClick={() => setRecording(true)} data-testid="record-complaint">
            {t('cmp.desk.record')}
          </Button>
        ) : null
      }
      style={{ marginBottom: 12 }}
      styles={items.length ? undefined : { body: { display: 'none' } }}
      data-testid="desk-complaints"
    >
      <Flex vertical gap={6}>
        {items.map((c) => (
          <Flex key={c.id} gap={8} align="center" wrap>
            <Link to={`/complaints/${c.id}`}>{c.code}</Link>
            <ComplaintStateTag state={c.state} />
            <SeverityTag severity={c.severity} />
            <LevelTag level={c.level} />
            <DeadlineCountdown complaint={c} />
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260, fontSize: 12 }} title={c.summary}>
              {t(`cmp.type.${c.type}`)} · {c.summary}
            </Typography.Text>
          </Flex>
        ))}
      </Flex>
      {recording ? <RecordComplaintDialog customer={customer} onClose={() => setRecording(false)} /> : null}
    </Card>
  );
}
