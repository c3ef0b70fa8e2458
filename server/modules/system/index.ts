// What the CLI, tests and tools may use of the system module (setup, settings, audit).
export { needsSetup, runSetup, setupStatus } from './setup.js';
