/**
 * Runs before each test file (vitest `setupFiles`): gives the file one of the AWS regions, so its
 * tables live in a database of the run's DynamoDB Local apart from most other files' (it runs without
 * `-sharedDb`). A database's writes slow down with every stream record it has held, deleted tables'
 * included; one database for the whole run made its last files several times slower than its first
 * (docs/decisions/0047).
 *
 * Real region names, because moto (Secrets Manager, EventBridge Scheduler) refuses others. Files that
 * draw the same region share a database, which is harmless: every file uses tables of its own.
 */
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'sa-east-1',
  'mx-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-south-1',
  'ap-south-2',
  'ap-east-1',
  'me-south-1',
  'me-central-1',
  'af-south-1',
  'il-central-1',
] as const;

process.env.LOCAL_EMULATOR_REGION = REGIONS[Math.floor(Math.random() * REGIONS.length)];
