// s3rver in its own process, so its CPU does not share the event loop of the replicas under
// test: prints one JSON line `{ endpoint, accessKeyId, secretAccessKey }`, stops on SIGTERM.
import { startS3rver } from '@faultline/platform-testing';

const s3 = await startS3rver({ buckets: process.env.S3RVER_BUCKETS ? process.env.S3RVER_BUCKETS.split(',') : [] });
process.stdout.write(`${JSON.stringify({ endpoint: s3.endpoint, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey })}\n`);
const stop = () => void s3.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
