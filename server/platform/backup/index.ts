// Logical backup and restore of every Sanbao table, portable between PGlite and PostgreSQL.
export { type DumpOptions, type DumpSummary, dumpDatabase } from './dump.js';
export { BACKUP_ERRORS, BackupError, type BackupErrorCode } from './errors.js';
export { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader } from './format.js';
export { buildMigrations, type MigrationRef } from './migrations.js';
export { type RestoreOptions, type RestoreSummary, restoreDatabase } from './restore.js';
export { type BackupTable, backupTables } from './tables.js';
