import { PlusOutlined } from '@ant-design/icons';
import { Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import type { CasePhoto } from '../../../server/modules/warranty/contract.js';
import { api } from '../../api/client.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { PHOTO_ACCEPT, PHOTO_LIMITS, photoProblem } from '../portal/photo-checks.js';

/** The appraisal's photo ids are capped at 20 (AppraiseBody.photoIds); each file as the portal's. */
const LIMITS = { maxMb: PHOTO_LIMITS.maxMb, maxCount: 20 };

/**
 * The appraisal's photos: each picked file is uploaded to the case at once (one multipart request,
 * file part `photo`) and the form's value is the ids the server returned, so no id is ever typed.
 * A refused upload is shown (useApiError) and leaves no entry behind.
 */
export function CasePhotosInput({
  caseId,
  value = [],
  onChange,
}: {
  caseId: string;
  value?: string[];
  onChange?: (ids: string[]) => void;
}) {
  const t = useT();
  const onError = useApiError();
  const [files, setFiles] = useState<UploadFile<CasePhoto>[]>([]);
  const idsOf = (list: UploadFile<CasePhoto>[]) =>
    list.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : []));
  return (
    <Upload<CasePhoto>
      listType="picture-card"
      accept={PHOTO_ACCEPT}
      multiple
      fileList={files}
      data-testid="case-photos"
      beforeUpload={(file) => {
        const problem = photoProblem(file, value.length, LIMITS);
        if (!problem) return true;
        onError(
          new Error(
            problem === 'type'
              ? t('portal.report.photoType', { name: file.name })
              : problem === 'size'
                ? t('portal.report.photoSize', { name: file.name, mb: LIMITS.maxMb })
                : t('portal.report.photoCount', { max: LIMITS.maxCount }),
          ),
        );
        return Upload.LIST_IGNORE;
      }}
      customRequest={({ file, onSuccess, onError: failed }) => {
        const body = new FormData();
        body.append('photo', file as File, (file as File).name);
        api.call('POST /api/warranty/cases/:id/photos', { params: { id: caseId }, body }).then(
          (photo) => onSuccess?.(photo),
          (err: unknown) => {
            onError(err);
            failed?.(err as Error);
          },
        );
      }}
      onChange={({ fileList }) => {
        // A failed upload is dropped: its problem was shown, and it has no id to send.
        const kept = fileList
          .filter((f) => f.status !== 'error')
          .map((f) => (f.status === 'done' && f.response ? { ...f, url: f.response.url } : f));
        setFiles(kept);
        const ids = idsOf(kept);
        if (ids.join() !== value.join()) onChange?.(ids);
      }}
    >
      {value.length < LIMITS.maxCount ? (
        <button type="button" style={{ border: 0, background: 'none' }}>
          <PlusOutlined />
          <div style={{ marginTop: 8 }}>{t('warranty.appraisal.addPhoto')}</div>
        </button>
      ) : null}
    </Upload>
  );
}
