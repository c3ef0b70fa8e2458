export { appendEvent, diffFields, type EventInput } from './append.js';
export { events, type FieldChange } from './tables.js';
