import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { api, isApiError } from '../../api/client.js';
import { useT } from '../../i18n/index.js';
import { PHOTO_ACCEPT, PHOTO_LIMITS, photoProblem } from '../portal/photo-checks.js';

/**
 * Uploads the job's photos in one multipart request (file parts named `photo`, kind `completion`)
 * and returns their ids; `null` when the server has no photo endpoint for orders (404), so the job
 * can still be completed without them.
 */
export async function uploadPhotos(orderId: string, files: readonly File[]): Promise<string[] | null> {
  const body = new FormData();
  body.append('kind', 'completion');
  for (const f of files) body.append('photo', f, f.name);
  try {
    return (await api.call('POST /api/orders/:id/photos', { params: { id: orderId }, body })).items.map((p) => p.id);
  } catch (err) {
    if (isApiError(err) && err.status === 404 && err.code === 'route.not_found') return null;
    throw err;
  }
}

/** Camera first on phones (`capture="environment"`), with thumbnails and a remove button each. */
export function PhotoInput({ value, onChange }: { value: File[]; onChange: (files: File[]) => void }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const urls = useMemo(() => value.map((f) => URL.createObjectURL(f)), [value]);
  useEffect(
    () => () => {
      for (const u of urls) URL.revokeObjectURL(u);
    },
    [urls],
  );
  return (
    <Flex gap={8} wrap>
      {urls.map((u, i) => (
        <div key={u} style={{ position: 'relative' }}>
          <img
            src={u}
            alt={value[i]?.name ?? ''}
            width={88}
            height={88}
            style={{ objectFit: 'cover', borderRadius: 6 }}
          />
          <Button
            size="small"
            shape="circle"
            icon={<CloseOutlined />}
            style={{ position: 'absolute', top: 2, right: 2 }}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      {value.length < PHOTO_LIMITS.maxCount ? (
        <Button style={{ width: 88, height: 88 }} icon={<CameraOutlined />} onClick={() => input.current?.click()}>
          {t('tech.addPhoto')}
        </Button>
      ) : null}
      <input
        ref={input}
        type="file"
        accept={PHOTO_ACCEPT}
        capture="environment"
        multiple
        style={{ display: 'none' }}
        data-testid="photo-input"
        onChange={(e) => {
          const picked = [...(e.target.files ?? [])];
          const ok: File[] = [];
          for (const f of picked) if (!photoProblem(f, value.length + ok.length)) ok.push(f);
          if (ok.length) onChange([...value, ...ok]);
          e.target.value = '';
        }}
      />
    </Flex>
  );
}
