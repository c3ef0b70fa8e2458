export { LiveHub, type LiveView, sseFrame } from './hub.js';
export { attachHub, openEventStream, publishLive, sessionStands } from './stream.js';
