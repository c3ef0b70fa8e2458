import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { START_PLACES, type Shift, type ShiftBody } from '../../../server/modules/planning/contract.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';

interface Values {
  start: string;
  end: string;
  breakFrom: string;
  breakTo: string;
  breakMinutes: number;
  startAt: Shift['startAt'];
  homeLat: number | null;
  homeLng: number | null;
  maxJobs: number | null;
  daysOff: Dayjs[];
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A technician's working day for planning: hours, lunch, where the day starts, the daily limit, days off. */
export function ShiftModal({
  name,
  shift,
  onSave,
  onClose,
}: {
  name: string;
  shift: Shift;
  onSave: (body: ShiftBody) => Promise<Shift>;
  onClose: (saved: boolean) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const startAt = Form.useWatch('startAt', form) ?? shift.startAt;
  const time = [
    { required: true, message: 'HH:MM' },
    { pattern: HHMM, message: 'HH:MM' },
  ];

  const save = async () => {
    await form.validateFields();
    // Every value the form holds, the home location too while it is hidden (a day starting at the outlet).
    const v = form.getFieldsValue(true) as Values;
    setSaving(true);
    try {
      await onSave({
        start: v.start,
        end: v.end,
        breakFrom: v.breakFrom,
        breakTo: v.breakTo,
        breakMinutes: v.breakMinutes,
        startAt: v.startAt,
        home:
          typeof v.homeLat === 'number' && typeof v.homeLng === 'number' ? { lat: v.homeLat, lng: v.homeLng } : null,
        maxJobs: v.maxJobs ?? null,
        daysOff: [...new Set((v.daysOff ?? []).map((d) => d.format('YYYY-MM-DD')))].sort(),
        version: shift.version,
      });
      message.success(t('planning.shift.saved'));
      onClose(true);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('planning.shiftTitle', { name })}
      onCancel={() => onClose(false)}
      onOk={save}
      okText={t('common.save')}
      confirmLoading={saving}
      destroyOnHidden
    >
      {!shift.stored ? (
        <Alert type="info" showIcon title={t('planning.shift.default')} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          start: shift.start,
          end: shift.end,
          breakFrom: shift.breakFrom,
          breakTo: shift.breakTo,
          breakMinutes: shift.breakMinutes,
          startAt: shift.startAt,
          homeLat: shift.home?.lat ?? null,
          homeLng: shift.home?.lng ?? null,
          maxJobs: shift.maxJobs,
          daysOff: shift.daysOff.map((d) => dayjs(d)),
        }}
      >
        <Space wrap>
          <Form.Item name="start" label={t('planning.shift.start')} rules={time}>
            <Input placeholder="08:30" style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="end" label={t('planning.shift.end')} rules={time}>
            <Input placeholder="17:30" style={{ width: 100 }} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="breakFrom" label={t('planning.shift.breakFrom')} rules={time}>
            <Input placeholder="11:30" style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="breakTo" label={t('planning.shift.breakTo')} rules={time}>
            <Input placeholder="13:00" style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="breakMinutes" label={t('planning.shift.breakMinutes')} rules={[{ required: true }]}>
            <InputNumber min={0} max={180} style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item name="startAt" label={t('planning.shift.startAt')}>
          <Radio.Group
            options={START_PLACES.map((p) => ({ value: p, label: t(`planning.startAt.${p}`) }))}
            optionType="button"
          />
        </Form.Item>
        {startAt === 'home' ? (
          <Space wrap>
            <Form.Item
              name="homeLat"
              label={t('planning.shift.homeLat')}
              rules={[{ required: true, message: t('planning.shift.homeRequired') }]}
            >
              <InputNumber min={-90} max={90} step={0.0001} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item
              name="homeLng"
              label={t('planning.shift.homeLng')}
              rules={[{ required: true, message: t('planning.shift.homeRequired') }]}
            >
              <InputNumber min={-180} max={180} step={0.0001} style={{ width: 160 }} />
            </Form.Item>
          </Space>
        ) : null}
        <Form.Item name="maxJobs" label={t('planning.shift.maxJobs')} extra={t('planning.shift.maxJobsHint')}>
          <InputNumber min={1} max={50} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="daysOff" label={t('planning.shift.daysOff')}>
          <DatePicker multiple style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
