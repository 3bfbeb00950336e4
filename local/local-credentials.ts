/**
 * LOCAL DEVELOPMENT ONLY. The emulators accept any credentials; the SDK still wants some, and
 * these keep it from searching the machine for real ones.
 *
 * The region is `LOCAL_EMULATOR_REGION` when set. The test run sets it per test file: its DynamoDB
 * Local keeps one database per region, and a database's writes slow down with every stream record it
 * has ever held, deleted tables' included (docs/decisions/0047).
 */
export const LOCAL_AWS = {
  region: process.env.LOCAL_EMULATOR_REGION || 'us-east-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
} as const;
