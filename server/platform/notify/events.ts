// The message events' catalogue lives in shared/ (the template screens read it too); the server names it here.
export * from '../../../shared/message-events.js';
