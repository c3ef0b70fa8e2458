// Every table of every module, for drizzle-kit and for the typed client.
export * from '../platform/config/tables.js';
export * from '../platform/events/tables.js';
export * from '../platform/identity/tables.js';
