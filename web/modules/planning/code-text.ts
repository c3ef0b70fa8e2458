import { useI18n } from '../../i18n/index.js';

/** An order state or service type worded from the work orders' catalog; an unknown code as it is. */
export function useCodeText() {
  const { tryT } = useI18n();
  return {
    state: (s: string) => tryT(`orders.state.${s}`) ?? s,
    type: (s: string) => tryT(`orders.type.${s}`) ?? s,
  };
}
