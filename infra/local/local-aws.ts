/** Credentials the local stand-ins accept (s3rver insists on these exact ones). */
export const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export const LOCAL_REGION = 'us-east-1';
