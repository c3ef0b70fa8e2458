import { Card, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { RevealedContact } from '../../../server/modules/customers/contract.js';
import { formatPhone } from '../../../shared/phone.js';
import { RevealContactButton } from '../../components/reveal-contact.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import type { CustomerCard as Card_ } from './intake-api.js';
import { CLASS_COLOR, classKey, REQUEST_STATUS_COLOR, requestKindKey, requestStatusKey } from './labels.js';

const SHOWN = 3;

function phoneText(n: string): string {
  return n.includes('*') ? n : formatPhone(n);
}

/** One lookup result: who the customer is, what they own, what is open and what they said last. */
export function CustomerCard({
  card,
  active,
  selected,
  onSelect,
}: {
  card: Card_;
  active: boolean;
  selected: boolean;
  onSelect: () => void;
}) {
  const { t, tryT } = useI18n();
  const c = card.customer;
  // Whole numbers after an audited reveal (masked ones contain '*'); this card only.
  const [revealed, setRevealed] = useState<RevealedContact | null>(null);
  const phones = revealed ? revealed.phones.map((p) => ({ number: p.number, isPrimary: p.isPrimary })) : c.phones;
  const masked = phones.some((p) => p.number.includes('*'));
  const matched = card.matchedBy.map((k) => tryT(`intake.match.${k}`) ?? k).join(t('common.listSeparator'));
  return (
    <Card
      size="small"
      hoverable
      onClick={onSelect}
      data-testid="customer-card"
      aria-selected={selected}
      style={{
        borderColor: selected ? '#1677ff' : active ? '#91caff' : undefined,
        background: selected ? '#e6f4ff' : active ? '#f5faff' : undefined,
        boxShadow: active ? '0 0 0 2px rgba(22,119,255,0.15)' : undefined,
      }}
      styles={{ body: { padding: '8px 12px' } }}
    >
      <Flex justify="space-between" align="baseline" gap={8} wrap>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {c.name}
          {c.companyName ? <Typography.Text type="secondary"> · {c.companyName}</Typography.Text> : null}
        </Typography.Text>
        <Flex gap={4} align="center">
          <Tag style={{ marginInlineEnd: 0 }}>
            {t(c.kind === 'business' ? 'intake.customerKind.business' : 'intake.customerKind.individual')}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.code}
          </Typography.Text>
          {selected ? <Tag color="blue">{t('intake.card.selected')}</Tag> : null}
        </Flex>
      </Flex>
      <Flex gap={12} wrap style={{ fontSize: 13 }}>
        {phones.map((p) => (
          <Typography.Text key={p.number} strong={p.isPrimary} copyable={false}>
            {phoneText(p.number)}
          </Typography.Text>
        ))}
        {masked ? (
          // Its own click must not select the card.
          <span onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
            <RevealContactButton route="POST /api/customers/:id/reveal-contact" id={c.id} onRevealed={setRevealed} />
          </span>
        ) : null}
        {matched ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('intake.card.matchedBy', { keys: matched })}
          </Typography.Text>
        ) : null}
      </Flex>
      <div style={{ fontSize: 12, marginTop: 4 }}>
        <Typography.Text type="secondary">
          {t('intake.card.units')}
          {t('intake.colon')}
        </Typography.Text>
        {card.units.length === 0 ? (
          <Typography.Text type="secondary">{t('intake.card.noUnits')}</Typography.Text>
        ) : (
          card.units.slice(0, SHOWN).map((u, i) => (
            <span key={u.id}>
              {i > 0 ? t('common.listSeparator') : null}
              {u.modelName} <Typography.Text code>{u.serialNo}</Typography.Text>
              {u.purchaseDate ? (
                <Typography.Text type="secondary">
                  {' '}
                  {t('intake.card.purchasedOn', { date: u.purchaseDate })}
                </Typography.Text>
              ) : null}
            </span>
          ))
        )}
        {card.units.length > SHOWN ? (
          <Typography.Text type="secondary"> {t('intake.card.more', { n: card.units.length - SHOWN })}</Typography.Text>
        ) : null}
      </div>
      {card.openRequests.length ? (
        <Flex gap={4} wrap align="center" style={{ fontSize: 12, marginTop: 4 }}>
          <Typography.Text type="secondary">
            {t('intake.card.openRequests')}
            {t('intake.colon')}
          </Typography.Text>
          {card.openRequests.slice(0, SHOWN).map((r) => (
            <Tag key={r.id} color={REQUEST_STATUS_COLOR[r.status]} style={{ marginInlineEnd: 0 }}>
              {r.code} {t(requestKindKey(r.kind))} · {t(requestStatusKey(r.status))}
            </Tag>
          ))}
        </Flex>
      ) : null}
      {card.recentContacts.length ? (
        <div style={{ fontSize: 12, marginTop: 4 }}>
          <Typography.Text type="secondary">
            {t('intake.card.recentContacts')}
            {t('intake.colon')}
          </Typography.Text>
          {card.recentContacts.slice(0, SHOWN).map((r) => (
            <div key={r.id} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
              <Typography.Text type="secondary">{formatDateTime(r.startedAt)}</Typography.Text>{' '}
              <Tag color={CLASS_COLOR[r.class]} style={{ marginInlineEnd: 4, fontSize: 11, lineHeight: '16px' }}>
                {t(classKey(r.class))}
              </Tag>
              {r.content}
            </div>
          ))}
        </div>
      ) : null}
    </Card>
  );
}
