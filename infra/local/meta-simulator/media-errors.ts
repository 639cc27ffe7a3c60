import { GraphError } from './graph-error';

/**
 * Meta's refusals of image, video and creative writes. Confirmed: the wrong-offset answer of a
 * resumable video transfer (code 6001, subcode 1363037, `error_data` with the offsets to resume
 * from) and "Image Resize Failed" (subcode 1487242) for bytes Meta cannot read as an image. The
 * rest follow Meta's usual code-100 shape: "Invalid parameter", a user title and message.
 */

function invalid(title: string, userMessage: string, subcode?: number): GraphError {
  return new GraphError({
    status: 400,
    message: 'Invalid parameter',
    type: 'OAuthException',
    code: 100,
    subcode,
    userTitle: title,
    userMessage,
  });
}

const UPLOAD_PROBLEM = 'There was a problem uploading your video file. Please try again with another file.';

export function imageUnreadable(): GraphError {
  return invalid(
    'Image Resize Failed',
    'Image Resize Failed: Could not resize the image. Upload a JPG, PNG, GIF, BMP or TIFF file.',
    1487242,
  );
}

export function imageTooLarge(maxBytes: number): GraphError {
  return invalid(
    'Image Too Large',
    `The image is larger than ${maxBytes / 1_000_000} MB. Upload a smaller image.`,
  );
}

export function noImageData(): GraphError {
  return invalid('No Image Uploaded', 'Send the image as a file part or as base64 in bytes.');
}

export function videoFileSizeInvalid(maxBytes: number): GraphError {
  return invalid(
    'Invalid Video File Size',
    `The video's file_size must be between 1 byte and ${maxBytes} bytes.`,
  );
}

export function unknownUploadSession(): GraphError {
  return invalid(
    'Invalid Upload Session',
    'The upload_session_id does not name an upload of this ad account.',
  );
}

/** Confirmed shape: the chunk is not the range Meta expects; `error_data` names that range. */
export function wrongChunk(expectedStart: number, expectedEnd: number): GraphError {
  return new GraphError({
    status: 400,
    message: UPLOAD_PROBLEM,
    type: 'OAuthException',
    code: 6001,
    subcode: 1363037,
    userTitle: 'Video Upload Chunk Mismatch',
    userMessage: `The uploaded chunk is not the part of the file Meta expected. Resume the upload from byte ${expectedStart}.`,
    errorData: { start_offset: String(expectedStart), end_offset: String(expectedEnd) },
  });
}

export function uploadIncomplete(receivedBytes: number, expectedEnd: number): GraphError {
  return new GraphError({
    status: 400,
    message: UPLOAD_PROBLEM,
    type: 'OAuthException',
    code: 6001,
    userTitle: 'Video Upload Incomplete',
    userMessage: `Only ${receivedBytes} bytes of the video arrived. Send the rest before finishing the upload.`,
    errorData: { start_offset: String(receivedBytes), end_offset: String(expectedEnd) },
  });
}

export function objectStorySpecInvalid(userMessage: string): GraphError {
  return invalid('Invalid Object Story Spec', userMessage);
}

export function pageNotUsable(pageId: string): GraphError {
  return invalid(
    'Invalid Page',
    `The page ${pageId} does not exist or you do not have permission to advertise for it.`,
  );
}

export function unknownImageHash(hash: string): GraphError {
  return invalid('Invalid Image Hash', `The image hash ${hash} is not in this ad account's image library.`);
}

export function videoNotReady(videoId: string): GraphError {
  return invalid(
    'Video Not Ready',
    `The video ${videoId} is still processing or failed to process. Wait until it is ready, then create the creative.`,
  );
}

export function unknownVideo(videoId: string): GraphError {
  return invalid('Invalid Video', `The video ${videoId} is not in this ad account.`);
}

export function carouselCardCount(count: number): GraphError {
  return invalid(
    'Wrong Number of Carousel Cards',
    `A carousel needs 2 to 10 child_attachments; this one has ${count}.`,
  );
}
