import { Card, Form } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { COMPLAINT_SOURCES, type ComplaintSource } from '../../../server/modules/complaints/contract.js';
import { PageHeader } from '../../components/page-header.js';
import { useT } from '../../i18n/index.js';
import { ComplaintOpenForm, type OpenValues } from './complaint-open-form.js';

/** Opening a complaint on its own page; `?customerId=`, `?source=` and `?contactId=` prefill it. */
export function ComplaintNewPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<OpenValues>();
  const source = params.get('source');
  const initial: Partial<OpenValues> = {
    ...(params.get('customerId') ? { customerId: params.get('customerId')! } : {}),
    ...(source && (COMPLAINT_SOURCES as readonly string[]).includes(source)
      ? { source: source as ComplaintSource }
      : {}),
  };
  return (
    <>
      <PageHeader title={t('cmp.open.title')} />
      <Card style={{ maxWidth: 720 }}>
        <ComplaintOpenForm
          form={form}
          initial={initial}
          contactId={params.get('contactId') ?? undefined}
          onDone={(c) => navigate(`/complaints/${c.id}`, { replace: true })}
        />
      </Card>
    </>
  );
}
