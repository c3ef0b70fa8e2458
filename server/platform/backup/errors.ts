import type { Text } from '../../../shared/i18n.js';
import { fill } from '../../../shared/i18n.js';

/*
 * Refusals of backup and restore that are about the database rather than the file. The file's own
 * problems are AppError('backup.incompatible'). These codes belong in shared/errors.ts once an
 * HTTP route offers backups; until then the CLI is their only caller and prints both languages.
 */
export const BACKUP_ERRORS = {
  'backup.target_not_empty': {
    'zh-CN': '目标数据库已有数据（{tables}），如需覆盖请加 --force',
    en: 'The target database already holds data ({tables}); add --force to replace it',
  },
  'backup.schema_mismatch': {
    'zh-CN': '数据库结构与当前版本不一致（已执行 {applied} 个迁移，当前版本有 {known} 个）：{hint}',
    en: 'The database schema does not match this version ({applied} migrations applied, this version has {known}): {hint}',
  },
  'backup.target_newer': {
    'zh-CN':
      '目标数据库的结构比备份新（已执行 {applied} 个迁移，备份只有 {backup} 个）：请还原到一个空数据库（新建的 PostgreSQL 库或空的数据目录）',
    en: 'The target database is newer than the backup ({applied} migrations applied, the backup has {backup}): restore into an empty database (a new PostgreSQL database or an empty data folder)',
  },
} as const satisfies Record<string, Text>;

export type BackupErrorCode = keyof typeof BACKUP_ERRORS;

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    readonly params: Record<string, unknown> = {},
  ) {
    super(`${code}: ${fill(BACKUP_ERRORS[code].en, params)}`);
    this.name = 'BackupError';
  }

  text(lang: keyof Text): string {
    return fill(BACKUP_ERRORS[this.code][lang], this.params);
  }
}
