// Public surface of @faultline/grouping.
export {};
