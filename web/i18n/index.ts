export { en } from './en.js';
export { type I18n, I18nProvider, type Translate, useDocumentTitle, useI18n, useT } from './i18n-context.js';
export { type MessageKey, zhCN } from './zh-cn.js';
