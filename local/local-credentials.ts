/**
 * LOCAL DEVELOPMENT ONLY. The emulators accept any credentials; the SDK still wants some, and
 * these keep it from searching the machine for real ones.
 */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
} as const;
