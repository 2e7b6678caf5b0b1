// Public surface of @faultline/platform-testing.
export {};
