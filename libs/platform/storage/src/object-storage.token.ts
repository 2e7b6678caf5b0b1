/** Injection token of the {@link ObjectStorage} provided by `StorageModule`. */
export const OBJECT_STORAGE = Symbol('faultline:ObjectStorage');
