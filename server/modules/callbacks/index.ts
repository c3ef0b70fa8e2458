// What other modules may use of the callbacks module (money reads the answers for settlement later).
export {
  CALLBACK_KINDS,
  CALLBACK_STATES,
  type CallbackDetail,
  type CallbackItem,
  type CallbackKind,
  type CallbackState,
} from './contract.js';
export { callbackEvents, callbackTasks } from './tables.js';
// The money module provides the fee recorded for an order (it sits above this module).
export { type OrderFeeReader, provideOrderFee } from './common.js';
// The commands as the API runs them (the demo loader works the queue through them).
export { answerCallback, cancelCallback, recordAttempt } from './commands.js';
export { callbackScores, getCallback, listCallbacks } from './queries.js';
// The completion port's effect (the demo loader makes the tasks of orders it loaded in bulk with it).
export { callbackOfCompletion } from './create.js';
// The satisfaction of outlets over a period (money shows an outlet's month on its statement).
export { satisfactionBetween } from './satisfaction.js';
