import { UnprocessableError } from '../platform/errors';
import type { UploadKind } from './upload';

export const MiB = 1024 * 1024;

/** What each kind accepts (DESIGN §5 "Uploads"): content types, extensions, the largest size. */
export const UPLOAD_RULES = {
  image: {
    contentTypes: ['image/jpeg', 'image/png'],
    extensions: ['.jpg', '.jpeg', '.png'],
    maxBytes: 8 * MiB,
    maxLabel: '8 MiB',
  },
  video: {
    contentTypes: ['video/mp4', 'video/quicktime'],
    extensions: ['.mp4', '.mov'],
    maxBytes: 4 * 1024 * MiB,
    maxLabel: '4 GiB',
  },
} as const satisfies Record<
  UploadKind,
  { contentTypes: readonly string[]; extensions: readonly string[]; maxBytes: number; maxLabel: string }
>;

/** The content types an extension may carry: a `.png` declared `image/jpeg` is refused. */
const TYPES_OF_EXTENSION: Record<string, readonly string[]> = {
  '.jpg': ['image/jpeg'],
  '.jpeg': ['image/jpeg'],
  '.png': ['image/png'],
  '.mp4': ['video/mp4'],
  '.mov': ['video/quicktime'],
};

export interface UploadRequest {
  kind: string;
  fileName: string;
  contentType: string;
  size: number;
}

function refuse(field: string, message: string, allowed?: readonly string[]): UnprocessableError {
  return new UnprocessableError(message, {
    code: 'upload_not_allowed',
    details: { field, ...(allowed ? { allowed } : {}) },
  });
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 ? '' : fileName.slice(dot).toLowerCase();
}

/**
 * Checks an upload request before anything is signed: the kind, the content type for that
 * kind, the file name's extension for that type, and the size. Throws a 422
 * `upload_not_allowed` whose `details.field` names what to change.
 */
export function checkUploadRequest(request: UploadRequest): { kind: UploadKind; contentType: string } {
  const kinds = Object.keys(UPLOAD_RULES) as UploadKind[];
  const kind = kinds.find((k) => k === request.kind);
  if (!kind) throw refuse('kind', `An upload is an "image" or a "video", not "${request.kind}".`, kinds);
  const rules = UPLOAD_RULES[kind];
  const contentType = request.contentType.trim().toLowerCase();
  if (!(rules.contentTypes as readonly string[]).includes(contentType))
    throw refuse(
      'contentType',
      `A${kind === 'image' ? 'n image' : ' video'} must be ${rules.contentTypes.join(' or ')}, not ${request.contentType}.`,
      rules.contentTypes,
    );
  const extension = extensionOf(request.fileName);
  if (!TYPES_OF_EXTENSION[extension]?.includes(contentType))
    throw refuse(
      'fileName',
      `The file name must end in ${rules.extensions.filter((e) => TYPES_OF_EXTENSION[e]?.includes(contentType)).join(' or ')} for ${contentType}.`,
      rules.extensions,
    );
  if (request.size > rules.maxBytes)
    throw refuse(
      'size',
      `The file is ${formatBytes(request.size)}; a${kind === 'image' ? 'n image' : ' video'} may be at most ${rules.maxLabel}.`,
    );
  return { kind, contentType };
}

/** "2.5 MB", "980 KB", "1.2 GB": sizes as a marketer reads them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${(bytes / (1024 * MiB)).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
