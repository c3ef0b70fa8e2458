/*
 * What the browser checks before a photo is sent: the server checks again (and sniffs the bytes),
 * these only spare the visitor a failed upload. Defaults mirror the server's settings
 * (portal.photoMaxMb, portal.photoMaxCount).
 */

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'] as const;
export const PHOTO_ACCEPT = '.jpg,.jpeg,.png,.webp,.heic,.heif,image/jpeg,image/png,image/webp,image/heic,image/heif';
export const PHOTO_LIMITS = { maxMb: 5, maxCount: 5 };

const EXT = /\.(jpe?g|png|webp|heic|heif)$/i;

export type PhotoProblem = 'type' | 'size' | 'count';

/** Why a file cannot be attached, or null. HEIC often comes with no type at all, so the name counts too. */
export function photoProblem(
  file: { name: string; type: string; size: number },
  alreadyAttached: number,
  limits = PHOTO_LIMITS,
): PhotoProblem | null {
  if (alreadyAttached >= limits.maxCount) return 'count';
  const type = file.type.toLowerCase();
  const typeOk =
    (PHOTO_TYPES as readonly string[]).includes(type) ||
    ((type === '' || type === 'application/octet-stream') && EXT.test(file.name));
  if (!typeOk) return 'type';
  if (file.size > limits.maxMb * 1024 * 1024) return 'size';
  return null;
}

/** "2026-11-25 上午" — the preferred day and time of day as one note for the staff. */
export function preferredNote(date: string | null, period: string | null, extra: string | null): string | undefined {
  const parts = [date, period].filter(Boolean).join(' ');
  const note = [parts, extra?.trim()].filter(Boolean).join('；');
  return note ? note.slice(0, 500) : undefined;
}
