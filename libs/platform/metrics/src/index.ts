// Public surface of @faultline/platform-metrics.
export {};
