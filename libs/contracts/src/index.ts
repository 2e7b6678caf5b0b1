// Public surface of @faultline/contracts.
export {};
