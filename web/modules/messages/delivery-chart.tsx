import { Flex, Typography } from 'antd';
import { useI18n } from '../../i18n/index.js';
import { type DayPoint, niceMax } from './messages-rules.js';

/*
 * Sent, delivered and failed per day as grouped bars: a small SVG drawn here (the web carries no
 * chart library). It scales to its box; each bar has its number as a tooltip.
 */

const SERIES = [
  { key: 'sent', color: '#1677ff' },
  { key: 'delivered', color: '#52c41a' },
  { key: 'failed', color: '#ff4d4f' },
] as const;

const W = 720;
const H = 240;
const PAD = { left: 40, right: 8, top: 12, bottom: 28 };

export function DeliveryChart({ points }: { points: DayPoint[] }) {
  const { t } = useI18n();
  const max = niceMax(Math.max(0, ...points.flatMap((p) => [p.sent, p.delivered, p.failed])));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, points.length);
  const bar = Math.max(1, Math.min(18, (slot * 0.8) / SERIES.length));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f)).filter((v, i, a) => a.indexOf(v) === i);
  // At most about 12 day labels, evenly spread.
  const every = Math.max(1, Math.ceil(points.length / 12));
  return (
    <Flex vertical gap={8} data-testid="delivery-chart">
      <Flex gap={16} wrap justify="center">
        {SERIES.map((s) => (
          <Flex key={s.key} gap={6} align="center">
            <span style={{ width: 12, height: 12, background: s.color, borderRadius: 2, display: 'inline-block' }} />
            <Typography.Text>{t(`msgReport.${s.key}`)}</Typography.Text>
          </Flex>
        ))}
      </Flex>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={t('msgReport.chart')}
        style={{ maxHeight: 300, display: 'block' }}
      >
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#f0f0f0" />
            <text x={PAD.left - 6} y={y(v) + 4} fontSize={11} textAnchor="end" fill="#8c8c8c">
              {v}
            </text>
          </g>
        ))}
        {points.map((p, i) => {
          const x0 = PAD.left + i * slot + (slot - bar * SERIES.length) / 2;
          return (
            <g key={p.day} data-day={p.day}>
              {SERIES.map((s, j) => {
                const v = p[s.key];
                return (
                  <rect
                    key={s.key}
                    x={x0 + j * bar}
                    y={y(v)}
                    width={Math.max(1, bar - 1)}
                    height={Math.max(0, PAD.top + plotH - y(v))}
                    fill={s.color}
                  >
                    <title>{`${p.day} ${t(`msgReport.${s.key}`)} ${v}`}</title>
                  </rect>
                );
              })}
              {i % every === 0 ? (
                <text x={PAD.left + i * slot + slot / 2} y={H - 8} fontSize={11} textAnchor="middle" fill="#8c8c8c">
                  {p.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="#d9d9d9" />
      </svg>
    </Flex>
  );
}
