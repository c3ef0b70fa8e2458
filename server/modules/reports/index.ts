// What other code may use of the reports module: keeping the read model fresh (the CLI's rebuild,
// the benchmark) and the reads themselves.
export { rebuildFacts, refreshDirtyFacts } from './refresh.js';
export { dailyReport, dashboard, monthlyReport, reportOrders } from './queries.js';
export { reportDirtyOrders, reportOrderFacts } from './tables.js';
