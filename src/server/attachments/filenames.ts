/**
 * A client's file name made safe to show and to send back in Content-Disposition: no folders, no
 * control or bidirectional-override characters (which can make "gpj.exe" read as "exe.jpg"), no
 * leading dots, at most 255 characters. It is never used as a path on disk.
 */
export function displayFilename(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069"<>|*?:]/g, '_')
    .replace(/^[\s.]+/, '')
    .trim();
  if (name.length > 255) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    let stem = name.slice(0, 255 - ext.length);
    // Do not leave half of a surrogate pair behind.
    if (/[\ud800-\udbff]$/.test(stem)) stem = stem.slice(0, -1);
    name = stem + ext;
  }
  return name || 'attachment';
}

/** `Content-Disposition: attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const exact = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
