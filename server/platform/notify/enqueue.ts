import type { MessageChannel } from './events.js';

/*
 * Messages are written only through sendMessage / prepareSender (send.ts): an event, the
 * recipient's addresses and the event's variables. What remains here is the channel type the
 * provider side (channels.ts) names.
 */

/** A channel of the outbox: the message channels of events.ts. */
export type OutboxChannel = MessageChannel;
