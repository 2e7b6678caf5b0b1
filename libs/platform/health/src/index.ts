// Public surface of @faultline/platform-health.
export {};
