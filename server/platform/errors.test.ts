import { describe, expect, it } from 'vitest';
import { toProblem } from './errors.js';
import { ERRORS, type ErrorCode, errorTitle } from '../../shared/errors.js';
import { LANGS } from '../../shared/i18n.js';

describe('problem titles', () => {
  // RFC 9457 §3.1.3: the title does not change from occurrence to occurrence of a code;
  // the specifics go into `detail`. Walks every code, so codes added later are held to it too.
  const codes = Object.keys(ERRORS) as ErrorCode[];

  it.each(codes)('%s has a title without placeholders in every language', (code) => {
    for (const lang of LANGS) {
      const title = errorTitle(code, lang);
      expect(title, `${code} ${lang}`).not.toMatch(/[{}]/);
      expect(title.trim(), `${code} ${lang}`).not.toBe('');
    }
  });

  it('a problem carries the fixed title and the filled-in detail', () => {
    const zh = toProblem('auth.locked', 'zh-CN', { minutes: 15, at: '16:30' });
    expect(zh.title).toBe('登录失败次数过多，账号已暂时锁定');
    expect(zh.detail).toBe('登录失败次数过多，账号已暂时锁定，请在16:30（约15分钟后）再试，或请管理员解锁');
    const en = toProblem('warranty.case_transition', 'en', { state: 'closed', action: 'approve' });
    expect(en.title).toBe("Not possible in the case's current state");
    expect(en.detail).toBe('The case is closed; "approve" is not possible now');
  });
});
