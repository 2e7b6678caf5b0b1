// Public surface of @faultline/platform-storage: gzip-compressed objects in one bucket of
// an S3-compatible store, spoken to through the minio client.
export { DEFAULT_REGION, type ObjectStorageOptions } from './client-options.js';
export { ObjectNotFoundError } from './object-not-found.error.js';
export {
  ObjectStorage,
  type GetOptions,
  type ObjectSummary,
  type PutOptions,
  type PutResult,
} from './object-storage.js';
export { OBJECT_STORAGE } from './object-storage.token.js';
export { storageReadiness, type StorageReadinessCheck } from './storage-readiness.js';
export { StorageModule, type StorageModuleAsyncOptions } from './storage.module.js';
