// Public surface of @faultline/platform-messaging.
export {};
