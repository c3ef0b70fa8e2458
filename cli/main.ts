import { reportError } from './output.js';
import { buildProgram } from './program.js';

// Every command resolves when its work is done (serve and demo when stopped), so the exit is
// explicit: no idle database handle keeps a finished command alive.
try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  reportError(err);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
