// Public surface of @faultline/alert-rules.
export {};
