const FLT_MAX = 3.4028234663852886e38;

/** A numeric option of a kernel, passed to wasm as an f32. */
export interface NumberParam {
  readonly default: number;
  /** +Infinity is a meaningful value (relu's maxValue: no clipping). */
  readonly allowPositiveInfinity?: boolean;
  /** The value must be > 0 (a divisor such as celu's alpha or softplus' beta). */
  readonly positive?: boolean;
}

/** An option with a few named values (gelu's approximate), passed to wasm as the choice's index. */
export interface ChoiceParam {
  readonly default: string;
  readonly choices: readonly string[];
}

export type ParamSpec = NumberParam | ChoiceParam;

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
    for (let i = 0; i < names.length; i++) values[i] = defaultValue(specs[names[i]]);
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
    values[i] = value === undefined ? defaultValue(specs[name]) : checkParam(fn, name, value, specs[name]);
  }
}

function defaultValue(spec: ParamSpec): number {
  return 'choices' in spec ? spec.choices.indexOf(spec.default) : spec.default;
}

/**
 * A number parameter must be finite in float32 (or +Infinity where allowed, > 0 where it
 * divides); a choice must be one of its names. Returns the value wasm takes.
 */
export function checkParam(fn: string, name: string, value: unknown, spec: ParamSpec): number {
  if ('choices' in spec) {
    const index = spec.choices.indexOf(value as string);
    if (typeof value !== 'string' || index < 0) {
      throw new TypeError(`${fn}: ${name} must be one of ${spec.choices.map((c) => `'${c}'`).join(', ')}, got ${typeof value === 'string' ? `'${value}'` : String(value)}`);
    }
    return index;
  }
  if (typeof value !== 'number') {
    throw new TypeError(`${fn}: ${name} must be a number, got ${value === null ? 'null' : typeof value}`);
  }
  if (value === Infinity && spec.allowPositiveInfinity) return value;
  if (!(Math.abs(value) <= FLT_MAX)) {
    throw new RangeError(
      `${fn}: ${name} must be a finite float32 number${spec.allowPositiveInfinity ? ' or +Infinity' : ''}, got ${value}`,
    );
  }
  if (spec.positive && !(Math.fround(value) > 0)) {
    throw new RangeError(`${fn}: ${name} must be greater than 0, got ${value}`);
  }
  return value;
}
