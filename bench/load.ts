import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One load run: autocannon against a loopback URL for a fixed time with a fixed number of connections. */
export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** JSON body; `[<id>]` is replaced by a unique id per request. */
  body?: unknown;
  /** Bearer tokens, handed out round-robin per request (none: anonymous). */
  tokens?: string[];
  seconds: number;
  connections: number;
}

export interface LoadResult {
  requests: number;
  /** Requests sent, including those still in flight when the run stopped (never answered). */
  sent: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  bytesPerReq: number;
  statusCodes: Record<string, number>;
}

/*
 * autocannon runs in a child process so that generating load shares neither the event loop nor
 * the heap (peak RSS) with the server under test, which lives in this process. The child is
 * plain CommonJS given as source (no loader needed); it prints one JSON line with the result.
 */
const CHILD_SOURCE = `
const autocannon = require('autocannon');
const spec = JSON.parse(process.argv[1]);
const tokens = spec.tokens || [];
let next = 0;
const headers = { 'content-type': 'application/json' };
if (tokens.length === 1) headers.authorization = 'Bearer ' + tokens[0];
const request = { method: spec.method, path: spec.path, headers };
if (spec.body !== undefined) request.body = JSON.stringify(spec.body);
if (tokens.length > 1) {
  request.setupRequest = (req) => ({ ...req, headers: { ...req.headers, authorization: 'Bearer ' + tokens[next++ % tokens.length] } });
}
autocannon(
  { url: spec.url, connections: spec.connections, duration: spec.seconds, idReplacement: true, timeout: 10, requests: [request] },
  (err, r) => {
    if (err) {
      console.error(String((err && err.stack) || err));
      process.exit(1);
    }
    process.stdout.write(JSON.stringify({
      requests: r.requests.total,
      sent: r.requests.sent,
      reqPerSec: r.requests.average,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      maxMs: r.latency.max,
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
      bytesPerReq: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
      statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats || {}).map(([k, v]) => [k, v.count])),
    }) + '\\n');
  },
);
`;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs one load; rejects if autocannon fails or overruns its duration by more than 30 s. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE, JSON.stringify(spec)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: (spec.seconds + 30) * 1000,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0 && out.trim()) return resolve(JSON.parse(out) as LoadResult);
      reject(new Error(`load on ${spec.path} failed (exit ${code ?? signal})`));
    });
  });
}
