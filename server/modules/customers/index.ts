// What other modules may use of the customers module.
export { customerAddresses, customers, productModels, units } from './tables.js';
