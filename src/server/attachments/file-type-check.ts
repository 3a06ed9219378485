import { extname } from 'node:path';
import { fileTypeFromFile } from 'file-type';
import { TEXT_ATTACHMENT_TYPES } from '../../shared/api/attachments';
import { ALLOWED_ATTACHMENT_TYPES } from '../../shared/domain/attachment';
import { TandemError } from '../../shared/errors';

const ALLOWED = new Set<string>(ALLOWED_ATTACHMENT_TYPES);
const ALLOWED_SENTENCE = 'Attach images (PNG, JPEG, GIF, WebP), PDFs, plain text, CSV, JSON, zip or gzip files.';

/**
 * Watches the bytes of an upload as they stream past and says whether they are UTF-8 text with no
 * NUL bytes, without keeping them (text types have no magic bytes to detect them by).
 */
export class TextSniffer {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private ok = true;

  feed(chunk: Buffer): void {
    if (!this.ok) return;
    if (chunk.includes(0)) {
      this.ok = false;
      return;
    }
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.ok = false;
    }
  }

  /** Whether everything fed was valid UTF-8 without NULs (a sequence cut at the end is not). */
  isText(): boolean {
    if (!this.ok) return false;
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * The real type of a stored upload: from its magic bytes when it has any (the declared type is
 * ignored then), else a text type, but only when the bytes are text and the declared type or the
 * file name's extension says which. Anything not allowed is refused with 415.
 */
export async function attachmentType(path: string, declaredType: string, filename: string, isText: boolean): Promise<string> {
  const detected = await fileTypeFromFile(path);
  if (detected) {
    if (ALLOWED.has(detected.mime)) return detected.mime;
    throw new TandemError('unsupported_media_type', `This file is ${detected.mime}, which cannot be attached. ${ALLOWED_SENTENCE}`);
  }
  const refused = new TandemError('unsupported_media_type', `This file's type could not be recognised or is not allowed. ${ALLOWED_SENTENCE}`);
  if (!isText) throw refused;
  const declared = declaredType.split(';')[0]!.trim().toLowerCase();
  if (declared in TEXT_ATTACHMENT_TYPES) return declared;
  const ext = extname(filename).toLowerCase();
  for (const [mime, extensions] of Object.entries(TEXT_ATTACHMENT_TYPES)) {
    if ((extensions as readonly string[]).includes(ext)) return mime;
  }
  throw refused;
}
