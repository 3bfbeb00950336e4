import { startS3Server } from '../local/emulators/s3-server';

/**
 * The local S3 server in a process of its own, for `bench/cpu-profile.ts`: so that a profile of the
 * publisher holds the publisher's CPU, not the server's. Prints its endpoint on one line, and stops on
 * SIGTERM.
 */
const directory = process.argv[2];
if (!directory) {
  console.error('usage: s3-server-process.ts <directory>');
  process.exit(2);
}
const server = await startS3Server({ directory });
console.log(server.endpoint);
process.once('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
