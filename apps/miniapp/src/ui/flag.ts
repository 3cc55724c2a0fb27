/**
 * A boolean prop for a Taro component: `true` or absent. On h5 React writes `false` to the custom
 * element as the attribute `disabled="false"`, which its CSS (`[disabled]`) still styles as disabled.
 */
export function flag(value: boolean): true | undefined {
  return value || undefined;
}
