// Public surface of @faultline/platform-storage.
export {};
