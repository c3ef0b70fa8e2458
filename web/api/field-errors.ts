/** Where an API field error belongs on a form; pure, so it is tested without a browser. */

export type NamePath = (string | number)[];

/** `body.admin.password` → ['admin', 'password']; numeric parts become indexes. */
export function toNamePath(path: string): NamePath {
  return path
    .replace(/^body\./, '')
    .split('.')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The nearest registered field for an API path: `scopes.2` lands on the `scopes` select. */
export function nearestField(registered: readonly NamePath[], path: NamePath): NamePath | null {
  const keys = new Set(registered.map((n) => JSON.stringify(n)));
  for (let n = path.length; n > 0; n--) {
    const candidate = path.slice(0, n);
    if (keys.has(JSON.stringify(candidate))) return candidate;
  }
  return null;
}

/** The field message without the path prefix the server adds for API clients (`body.x: too short`). */
export function fieldMessage(path: string, message: string): string {
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}
