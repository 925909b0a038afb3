const FLT_MAX = 3.4028234663852886e38;

/** One numeric option of a kernel. */
export interface ParamSpec {
  readonly default: number;
  /** +Infinity is a meaningful value (relu's maxValue: no clipping). */
  readonly allowPositiveInfinity?: boolean;
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/**
 * Reads `names` from `options` (defaults where absent) into `values`, and rejects option names
 * that are neither a parameter nor one of `extraKeys`: a misspelt option is never ignored.
 */
export function readParams(
  fn: string,
  specs: ParamSpecs,
  names: readonly string[],
  options: unknown,
  extraKeys: readonly string[],
  values: number[],
): void {
  if (options === undefined) {
    for (let i = 0; i < names.length; i++) values[i] = specs[names[i]].default;
    return;
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${fn}: options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  const record = options as Record<string, unknown>;
  for (const key in record) {
    if (!(key in specs) && !extraKeys.includes(key)) {
      const known = [...names, ...extraKeys];
      throw new TypeError(`${fn}: unknown option '${key}'; ${fn} takes ${known.map((k) => `'${k}'`).join(', ')}`);
    }
  }
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const value = record[name];
    values[i] = value === undefined ? specs[name].default : checkParam(fn, name, value, specs[name]);
  }
}

/** A parameter must be a number that is finite in float32 (or +Infinity where allowed). */
export function checkParam(fn: string, name: string, value: unknown, spec: ParamSpec): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${fn}: ${name} must be a number, got ${value === null ? 'null' : typeof value}`);
  }
  if (value === Infinity && spec.allowPositiveInfinity) return value;
  if (!(Math.abs(value) <= FLT_MAX)) {
    throw new RangeError(
      `${fn}: ${name} must be a finite float32 number${spec.allowPositiveInfinity ? ' or +Infinity' : ''}, got ${value}`,
    );
  }
  return value;
}
