/**
 * The origin a map tile URL template loads images from, as a content-security-policy source
 * (setting planning.mapTiles): `https://{s}.tile.example.com/{z}/{x}/{y}.png` →
 * `https://*.tile.example.com`. Null for an empty or unusable template.
 */
export function tileOrigin(template: string): string | null {
  const m = /^(https?):\/\/([^/?#]+)/.exec(template.trim());
  if (!m) return null;
  // A subdomain placeholder ({s}, {a-c}) becomes the policy's wildcard; nothing else may remain.
  const host = m[2]!.replace(/^\{[^}]*\}\./, '*.');
  if (!/^(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host)) return null;
  return `${m[1]}://${host}`;
}
