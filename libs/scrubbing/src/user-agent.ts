// User-Agent → `contexts.browser`, `contexts.os`, `contexts.device` (after Relay's UA normaliser),
// parsed with ua-parser-js. Contexts the SDK already sent win: they are usually more precise
// (client hints, native SDK data) than a User-Agent string.
import { UAParser } from 'ua-parser-js';

/** Browser, OS and device read from one User-Agent. Empty strings mean "not known". */
export interface UserAgentInfo {
  browserName: string;
  browserVersion: string;
  osName: string;
  osVersion: string;
  /** Device family: the model when known, "Spider" for crawlers, else "Other". */
  deviceFamily: string;
  deviceModel: string;
  deviceBrand: string;
  deviceType: string;
}

const BOT = /bot|crawler|spider|slurp|crawling|headless/i;

/** Parses a User-Agent string; never throws. */
export function parseUserAgent(ua: string): UserAgentInfo {
  const r = new UAParser(ua).getResult();
  const bot = BOT.test(ua) && !/HeadlessChrome/.test(ua);
  const model = r.device.model ?? '';
  return {
    browserName: r.browser.name ?? '',
    browserVersion: r.browser.version ?? '',
    osName: r.os.name ?? '',
    osVersion: r.os.version ?? '',
    deviceFamily: bot ? 'Spider' : model || 'Other',
    deviceModel: model,
    deviceBrand: r.device.vendor ?? '',
    deviceType: r.device.type ?? '',
  };
}

type Json = { [key: string]: unknown };

/**
 * Adds `browser`, `os` and `device` contexts from `info` to `contexts` where the SDK did not
 * send them; returns the new contexts object (the input is not changed).
 */
export function userAgentContexts(contexts: Json | undefined, info: UserAgentInfo): Json {
  const out: Json = { ...(contexts ?? {}) };
  if (out.browser === undefined && info.browserName) {
    out.browser = { type: 'browser', name: info.browserName, ...(info.browserVersion ? { version: info.browserVersion } : {}) };
  }
  if (out.os === undefined && info.osName) {
    out.os = { type: 'os', name: info.osName, ...(info.osVersion ? { version: info.osVersion } : {}) };
  }
  if (out.device === undefined && (info.deviceModel || info.deviceFamily !== 'Other' || info.deviceType)) {
    out.device = {
      type: 'device',
      family: info.deviceFamily,
      ...(info.deviceModel ? { model: info.deviceModel } : {}),
      ...(info.deviceBrand ? { brand: info.deviceBrand } : {}),
      ...(info.deviceType ? { device_type: info.deviceType } : {}),
    };
  }
  return out;
}
