// Public surface of @faultline/platform-persistence.
export {};
