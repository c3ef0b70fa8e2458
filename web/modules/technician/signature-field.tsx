import { ClearOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import SignaturePad from 'signature_pad';
import { useT } from '../../i18n/index.js';

/** Sharp on high-density screens, yet small enough for the API's PNG limit (~300 KB). */
const MAX_RATIO = 2;

/**
 * The customer signs on the screen with a finger. The canvas is sized to the device pixel ratio
 * (and again on rotation, keeping the strokes); every stroke reports the PNG data URL, clear
 * reports null.
 */
export function SignatureField({
  onChange,
  height = 200,
}: {
  onChange: (dataUrl: string | null) => void;
  height?: number;
}) {
  const t = useT();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;

  useEffect(() => {
    const canvas = canvasRef.current!;
    const pad = new SignaturePad(canvas, {
      penColor: '#111',
      backgroundColor: 'rgba(255,255,255,0)',
      minWidth: 0.8,
      maxWidth: 2.6,
    });
    padRef.current = pad;
    const resize = () => {
      const ratio = Math.min(Math.max(window.devicePixelRatio || 1, 1), MAX_RATIO);
      const strokes = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext('2d')!.scale(ratio, ratio);
      pad.clear();
      if (strokes.length) pad.fromData(strokes);
    };
    resize();
    const ended = () => changeRef.current(pad.isEmpty() ? null : pad.toDataURL('image/png'));
    pad.addEventListener('endStroke', ended);
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      pad.removeEventListener('endStroke', ended);
      pad.off();
      padRef.current = null;
    };
  }, []);

  return (
    <Flex vertical gap={8}>
      <div style={{ position: 'relative', border: '1px dashed #bbb', borderRadius: 8, background: '#fafafa' }}>
        <canvas
          ref={canvasRef}
          data-testid="signature-pad"
          aria-label={t('tech.signHere')}
          style={{ display: 'block', width: '100%', height, touchAction: 'none' }}
        />
        <Typography.Text
          type="secondary"
          style={{ position: 'absolute', left: 12, bottom: 8, pointerEvents: 'none', fontSize: 12 }}
        >
          {t('tech.signHere')}
        </Typography.Text>
      </div>
      <Button
        icon={<ClearOutlined />}
        size="large"
        onClick={() => {
          padRef.current?.clear();
          onChange(null);
        }}
      >
        {t('tech.clear')}
      </Button>
    </Flex>
  );
}
