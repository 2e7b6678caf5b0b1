// Public surface of @faultline/routing.
export {};
