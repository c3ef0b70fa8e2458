/** Resolves on the first SIGINT or SIGTERM; a second one ends the process at once (Node's default). */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Stops within `ms` or exits anyway: a stuck connection must not keep a stopped server alive. */
export async function stopWithin(stop: () => Promise<void>, ms = 10_000): Promise<void> {
  const timer = setTimeout(() => {
    process.stderr.write('Stopping took too long; exiting.\n');
    process.exit(1);
  }, ms);
  timer.unref();
  try {
    await stop();
  } finally {
    clearTimeout(timer);
  }
}
