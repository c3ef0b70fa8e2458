import { DatePicker, Flex, Radio, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useT } from '../../i18n/index.js';

/** The slots people book most (上午 / 中午 / 下午 / 傍晚 / 晚上); any other window is typed as two times. */
export const BOOKING_SLOTS: readonly (readonly [string, string])[] = [
  ['09:00', '11:00'],
  ['11:00', '13:00'],
  ['14:00', '16:00'],
  ['16:00', '18:00'],
  ['18:00', '20:00'],
];

type Window = [Dayjs, Dayjs];

function at(day: Dayjs, hhmm: string): Dayjs {
  const [h, m] = hhmm.split(':').map(Number);
  return day
    .hour(h ?? 0)
    .minute(m ?? 0)
    .second(0)
    .millisecond(0);
}

/**
 * The booking window as a day and a time range on that day: one narrow calendar and one time
 * range, so the picker fits a 390 px phone (a date-time range picker shows two wide calendars).
 * Common slots are one tap.
 */
export function BookingWindowInput({
  value,
  onChange,
  id,
}: {
  value?: Window | null;
  onChange?: (v: Window | null) => void;
  id?: string;
}) {
  const t = useT();
  const day = value?.[0]?.startOf('day') ?? null;
  const times = value ? ([value[0], value[1]] as Window) : null;
  const slot = value ? `${value[0].format('HH:mm')}-${value[1].format('HH:mm')}` : undefined;
  const emit = (d: Dayjs | null, from: Dayjs | null, to: Dayjs | null) => {
    if (!d || !from || !to) return onChange?.(null);
    onChange?.([at(d, from.format('HH:mm')), at(d, to.format('HH:mm'))]);
  };
  return (
    <Flex vertical gap={8} style={{ maxWidth: 360 }}>
      <Flex gap={8} wrap>
        <DatePicker
          id={id}
          value={day}
          onChange={(d) => {
            // A new day keeps the chosen times; the first day chosen starts with the first slot.
            if (!d) return onChange?.(null);
            const [from, to] = times ? [times[0].format('HH:mm'), times[1].format('HH:mm')] : BOOKING_SLOTS[0]!;
            onChange?.([at(d, from), at(d, to)]);
          }}
          placeholder={t('orders.form.windowDay')}
          aria-label={t('orders.form.windowDay')}
          style={{ flex: '1 1 140px' }}
          inputReadOnly
        />
        <TimePicker.RangePicker
          value={times}
          format="HH:mm"
          minuteStep={15}
          order
          inputReadOnly
          disabled={!day}
          onChange={(v) => emit(day, v?.[0] ?? null, v?.[1] ?? null)}
          placeholder={[t('orders.form.windowFrom'), t('orders.form.windowTo')]}
          style={{ flex: '1 1 180px' }}
        />
      </Flex>
      <Radio.Group
        size="small"
        optionType="button"
        disabled={!day}
        value={slot}
        onChange={(e) => {
          const [from, to] = String(e.target.value).split('-');
          if (day && from && to) onChange?.([at(day, from), at(day, to)]);
        }}
        options={BOOKING_SLOTS.map(([from, to]) => ({ value: `${from}-${to}`, label: `${from}–${to}` }))}
      />
    </Flex>
  );
}
