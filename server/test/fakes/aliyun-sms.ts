import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local Dysmsapi SendSms for tests and benchmarks. It checks what Aliyun checks first: the
 * AccessKeyId, the required parameters and the signature, which it recomputes from the query it
 * received with its own RFC 3986 encoder (not the client's), so a signing mistake fails here as
 * it would at Aliyun. Accepted messages are kept in `messages`; nothing is logged per request.
 */

export interface FakeSms {
  bizId: string;
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
  outId: string | null;
}

export interface FakeAliyunSms {
  /** The endpoint to configure: http://127.0.0.1:<port> */
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  messages: FakeSms[];
  /** Every request received, accepted or not. */
  requests: number;
  /** The next `times` signed requests are answered with `code` (HTTP `status`, 200 as Aliyun answers isv.* codes). */
  script(code: string, times?: number, status?: number): void;
  close(): Promise<void>;
}

const REQUIRED = [
  'AccessKeyId',
  'Action',
  'Format',
  'PhoneNumbers',
  'RegionId',
  'SignName',
  'Signature',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureVersion',
  'TemplateCode',
  'Timestamp',
  'Version',
];

/** RFC 3986, byte by byte: unreserved characters stay, every other byte is %XY. */
function rfc3986(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const unreserved =
      (b >= 0x30 && b <= 0x39) ||
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      [0x2d, 0x2e, 0x5f, 0x7e].includes(b);
    out += unreserved ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The query as sent: '+' is not a space here, as the signature was computed over %20. */
function parseQuery(raw: string): Map<string, string> | null {
  const params = new Map<string, string>();
  try {
    for (const pair of raw.split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      params.set(k, eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1)));
    }
  } catch {
    return null;
  }
  return params;
}

function expectedSignature(params: Map<string, string>, secret: string): string {
  const canonical = [...params.keys()]
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(params.get(k)!)}`)
    .join('&');
  const stringToSign = `GET&${rfc3986('/')}&${rfc3986(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  res.end(JSON.stringify({ RequestId: 'fake-request', ...body }));
}

export async function startFakeAliyunSms(
  opts: { accessKeyId?: string; accessKeySecret?: string } = {},
): Promise<FakeAliyunSms> {
  const accessKeyId = opts.accessKeyId ?? 'fake-key-id';
  const accessKeySecret = opts.accessKeySecret ?? 'fake-key-secret';
  const scripted: { code: string; status: number }[] = [];
  const nonces = new Set<string>();
  let seq = 0;

  const server = createServer((req, res) => {
    fake.requests += 1;
    const [path = '', query = ''] = (req.url ?? '').split('?', 2);
    const params = parseQuery(query);
    if (req.method !== 'GET' || (path !== '/' && path !== '') || !params) {
      return answer(res, 400, { Code: 'InvalidParameter', Message: 'bad request line' });
    }
    const missing = REQUIRED.find((k) => !params.get(k));
    if (missing) return answer(res, 400, { Code: `Missing${missing}`, Message: `${missing} is mandatory` });
    if (params.get('AccessKeyId') !== accessKeyId) {
      return answer(res, 404, { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' });
    }
    const given = Buffer.from(params.get('Signature')!);
    const expected = Buffer.from(expectedSignature(params, accessKeySecret));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return answer(res, 400, { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched.' });
    }
    const nonce = params.get('SignatureNonce')!;
    if (nonces.has(nonce)) return answer(res, 400, { Code: 'SignatureNonceUsed', Message: 'nonce used' });
    nonces.add(nonce);
    if (params.get('Action') !== 'SendSms' || params.get('Version') !== '2017-05-25') {
      return answer(res, 400, { Code: 'InvalidAction.NotFound', Message: 'unknown action' });
    }
    const next = scripted.shift();
    if (next) return answer(res, next.status, { Code: next.code, Message: `scripted ${next.code}` });
    let templateParam: Record<string, string> = {};
    try {
      templateParam = JSON.parse(params.get('TemplateParam') ?? '{}');
      if (Object.values(templateParam).some((v) => typeof v !== 'string')) throw new Error('not strings');
    } catch {
      return answer(res, 200, { Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法' });
    }
    seq += 1;
    const bizId = `${String(seq).padStart(6, '0')}^fake`;
    fake.messages.push({
      bizId,
      phoneNumbers: params.get('PhoneNumbers')!,
      signName: params.get('SignName')!,
      templateCode: params.get('TemplateCode')!,
      templateParam,
      outId: params.get('OutId') ?? null,
    });
    answer(res, 200, { Code: 'OK', Message: 'OK', BizId: bizId });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeAliyunSms = {
    url: `http://127.0.0.1:${port}`,
    accessKeyId,
    accessKeySecret,
    messages: [],
    requests: 0,
    script(code, times = 1, status = 200) {
      for (let i = 0; i < times; i++) scripted.push({ code, status });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
