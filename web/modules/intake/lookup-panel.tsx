import { SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Input, type InputRef, Spin, Typography } from 'antd';
import type { KeyboardEvent, Ref } from 'react';
import { useT } from '../../i18n/index.js';
import { CustomerCard } from './customer-card.js';
import { moveIndex } from './desk-keys.js';
import type { CustomerCard as Card } from './intake-api.js';

/** The one search box and its customer cards; arrows move, Enter picks, Esc clears. */
export function LookupPanel({
  inputRef,
  text,
  onText,
  searched,
  cards,
  loading,
  activeIndex,
  onActiveIndex,
  selectedId,
  onSelect,
  onNewCustomer,
  maxHeight,
}: {
  inputRef: Ref<InputRef>;
  text: string;
  onText: (text: string) => void;
  /** The text the shown cards answer; null before the first lookup. */
  searched: string | null;
  cards: Card[];
  loading: boolean;
  activeIndex: number;
  onActiveIndex: (i: number) => void;
  selectedId: string | null;
  onSelect: (card: Card) => void;
  onNewCustomer: () => void;
  maxHeight?: string;
}) {
  const t = useT();

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      onActiveIndex(moveIndex(activeIndex, e.key === 'ArrowDown' ? 1 : -1, cards.length));
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      const card = cards[activeIndex >= 0 ? activeIndex : 0];
      if (card) onSelect(card);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onText('');
    }
  };

  return (
    <Flex vertical gap={8} style={{ minWidth: 0 }}>
      <Flex gap={8}>
        <Input
          ref={inputRef}
          autoFocus
          size="large"
          allowClear
          prefix={<SearchOutlined />}
          value={text}
          onChange={(e) => onText(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('intake.desk.searchPlaceholder')}
          aria-label={t('intake.desk.searchLabel')}
          suffix={loading ? <Spin size="small" /> : null}
          data-testid="desk-search"
        />
        <Button size="large" icon={<UserAddOutlined />} onClick={onNewCustomer} title="Alt+N">
          {t('intake.desk.newCustomer')}
        </Button>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('intake.desk.searchHint')}
      </Typography.Text>
      <Flex
        vertical
        gap={8}
        style={{ maxHeight, overflowY: maxHeight ? 'auto' : undefined, padding: 2 }}
        role="listbox"
      >
        {cards.map((card, i) => (
          <CustomerCard
            key={card.customer.id}
            card={card}
            active={i === activeIndex}
            selected={card.customer.id === selectedId}
            onSelect={() => {
              onActiveIndex(i);
              onSelect(card);
            }}
          />
        ))}
        {cards.length === 0 && !loading ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={searched ? t('intake.desk.noMatch', { q: searched }) : t('intake.desk.typeToSearch')}
          />
        ) : null}
      </Flex>
    </Flex>
  );
}
