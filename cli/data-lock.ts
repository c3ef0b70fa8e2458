import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/*
 * PGlite lets a second process open a data folder that a first one is using, and both then write
 * to it: it has no lock of its own. Every command that opens a PGlite folder takes this lock file
 * first, so `backup` or `setup` next to a running server stop with a clear message instead.
 */
export const LOCK_FILE = 'sanbao.lock';

interface LockInfo {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export class DataDirInUse extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockInfo,
    /** The command that wanted the folder. */
    readonly command: string,
  ) {
    super(`data folder ${dir} is in use by pid ${holder.pid} (${holder.command})`);
    this.name = 'DataDirInUse';
  }

  lines(): string[] {
    const command = this.command;
    const h = this.holder;
    const lock = join(this.dir, LOCK_FILE);
    return [
      `错误：数据目录 ${this.dir} 正在被另一个 Sanbao 进程使用（pid ${h.pid}，${h.command}，${h.host}，始于 ${h.since}）。`,
      `      PGlite 只允许一个进程打开数据目录：请先停止服务器，再运行 ${command}。`,
      `Error: the data folder ${this.dir} is in use by another Sanbao process (pid ${h.pid}, ${h.command}, on ${h.host}, since ${h.since}).`,
      `       PGlite allows one process per data folder: stop the server first, then run ${command} again.`,
      `       (If no such process is running, delete ${lock}.)`,
    ];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** Takes the data folder for this process; returns the release function (also run on exit). */
export function lockDataDir(dataDir: string, command: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
      const holder = readLock(path);
      // A holder on this host that is gone (or is this very pid, reused after a container restart) left a stale lock.
      const stale = !holder || (holder.host === mine.host && (holder.pid === process.pid || !alive(holder.pid)));
      if (!stale) throw new DataDirInUse(dir, holder, command);
      rmSync(path, { force: true });
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
  };
  process.on('exit', release);
  return release;
}
