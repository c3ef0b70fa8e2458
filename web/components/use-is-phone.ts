import { Grid } from 'antd';

/** Narrower than antd's `md` breakpoint (768px): menus become drawers and forms stack. */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  return Object.keys(screens).length > 0 && !screens.md;
}
