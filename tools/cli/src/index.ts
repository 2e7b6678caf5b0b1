// Public surface of @faultline/cli.
export {};
