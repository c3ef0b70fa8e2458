export { appendEvent, diffFields, type EventInput, eventsInsertSql } from './append.js';
export { events, type FieldChange } from './tables.js';
