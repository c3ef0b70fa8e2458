export {
  isSettingKey,
  keepSecrets,
  maskSecrets,
  SECRET_MASK,
  SETTING_KEYS,
  SETTINGS,
  type SettingKey,
  type SettingValue,
} from './registry.js';
export { cachedSetting, SETTINGS_CACHE } from './cached.js';
export { getSetting, type SetSettingInput, setSetting } from './store.js';
export { settingVersions } from './tables.js';
