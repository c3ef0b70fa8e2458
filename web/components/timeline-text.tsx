import { Flex, Typography } from 'antd';
import { formatDateTime } from '../lib/format.js';

/** One entry of a record's timeline: when and by whom, then what happened (kept as written). */
export function TimelineText({ at, actor, text }: { at: string; actor: string; text: string }) {
  return (
    <Flex vertical gap={0}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDateTime(at)} · {actor}
      </Typography.Text>
      <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{text}</Typography.Text>
    </Flex>
  );
}
