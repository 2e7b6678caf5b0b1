// Public surface of @faultline/platform-config.
export {};
