import { useState } from 'react';
import type { RevealedOrderContact } from '../../../server/modules/work-orders/contract.js';
import { RevealContactButton } from '../../components/reveal-contact.js';
import type { OrderDetail } from './orders-api.js';

/**
 * The order's phone and address as this screen shows them: as the server answered (masked for
 * readers who do not serve the order), or whole once the reader revealed them with a reason.
 * Call the hook before a page's early returns; apply its result to the loaded order.
 */
export function useOrderContact() {
  const [revealed, setRevealed] = useState<{ orderId: string; value: RevealedOrderContact } | null>(null);
  return (o: OrderDetail) => orderContactView(o, revealed?.orderId === o.id ? revealed.value : null, setRevealed);
}

function orderContactView(
  o: OrderDetail,
  shown: RevealedOrderContact | null,
  setRevealed: (r: { orderId: string; value: RevealedOrderContact }) => void,
) {
  return {
    phone: shown ? shown.customerPhone : o.customerPhone,
    address: shown ? shown.address : o.address,
    masked: o.contactMasked && !shown,
    revealButton: (props: { size?: 'small' | 'middle' | 'large'; block?: boolean } = {}) => (
      <RevealContactButton
        route="POST /api/orders/:id/reveal-contact"
        id={o.id}
        onRevealed={(value) => setRevealed({ orderId: o.id, value })}
        {...props}
      />
    ),
  };
}
