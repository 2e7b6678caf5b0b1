// Public surface of @faultline/envelope.
export {};
