// Public surface of @faultline/platform-logging.
export {};
