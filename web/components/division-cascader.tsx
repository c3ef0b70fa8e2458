// A plain function despite its name (no React state); renamed so it is not taken for a hook.
import { useCascaderAreaData as cascaderAreaData } from '@vant/area-data';
import { Cascader } from 'antd';
import type { CSSProperties } from 'react';

export interface DivisionOption {
  label: string;
  value: string;
  children?: DivisionOption[];
}

interface AreaNode {
  text: string;
  value: string;
  children?: AreaNode[];
}

function toOptions(nodes: AreaNode[]): DivisionOption[] {
  return nodes.map((n) => ({
    label: n.text,
    value: n.value,
    ...(n.children?.length ? { children: toOptions(n.children) } : {}),
  }));
}

let cached: DivisionOption[] | null = null;

/** Province → city → district options from the national division codes, built once on first use. */
export function divisionOptions(): DivisionOption[] {
  cached ??= toOptions(cascaderAreaData());
  return cached;
}

/**
 * Picks a province, city and district (national administrative division codes). The value is the
 * list of codes from the province down; any level may be the last one chosen.
 */
export function DivisionCascader({
  value,
  onChange,
  placeholder,
  id,
  style,
  'aria-label': ariaLabel,
}: {
  value?: string[];
  onChange?: (codes: string[]) => void;
  placeholder?: string;
  id?: string;
  style?: CSSProperties;
  'aria-label'?: string;
}) {
  return (
    <Cascader<DivisionOption>
      id={id}
      aria-label={ariaLabel}
      options={divisionOptions()}
      value={value}
      onChange={(codes) => onChange?.((codes ?? []) as string[])}
      changeOnSelect
      showSearch={{
        filter: (input, path) => path.some((o) => o.label.includes(input.trim())),
        limit: 50,
      }}
      placeholder={placeholder}
      style={{ width: '100%', ...style }}
    />
  );
}
