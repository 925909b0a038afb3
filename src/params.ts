const FLT_MAX = 3.4028234663852886e38;

/** What a numeric option may be, besides a finite float32. */
interface NumberRules {
  /** +Infinity is a meaningful value (relu's maxValue: no clipping). */
  readonly allowPositiveInfinity?: boolean;
  /** The value must be > 0 (a divisor such as celu's alpha or softplus' beta). */
  readonly positive?: boolean;
  /** The value must be >= 0 (softShrink's lambda). */
  readonly nonNegative?: boolean;
  /** The value must not exceed the parameter of this name (hardTanh's min <= max). */
  readonly atMost?: string;
}

/**
 * A numeric option of a kernel, passed to wasm as an f32: it has a default, or it is required
 * (PyTorch's Threshold has no default for either of its parameters, and neither do we).
 */
export type NumberParam = NumberRules &
  ({ readonly default: number; readonly required?: undefined } | { readonly required: true; readonly default?: undefined });

/** An option with a few named values (gelu's approximate), passed to wasm as the choice's index. */
export interface ChoiceParam {
  readonly default: string;
  readonly choices: readonly string[];
}

export type ParamSpec = NumberParam | ChoiceParam;

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/**
 * Reads `names` from `options` (defaults where absent) into `values`, and rejects option names
 * that are neither a parameter nor one of `extraKeys`: a misspelt option is never ignored. A
 * required parameter that is absent, or a pair of parameters out of order (`atMost`), is an error.
 */
export function readParams(
  fn: string,
  specs: ParamSpecs,
  names: readonly string[],
  options: unknown,
  extraKeys: readonly string[],
  values: number[],
): void {
  let record: Record<string, unknown> | undefined;
  if (options !== undefined) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`${fn}: options must be an object, got ${options === null ? 'null' : typeof options}`);
    }
    record = options as Record<string, unknown>;
    for (const key in record) {
      if (!(key in specs) && !extraKeys.includes(key)) {
        const known = [...names, ...extraKeys];
        throw new TypeError(`${fn}: unknown option '${key}'; ${fn} takes ${known.map((k) => `'${k}'`).join(', ')}`);
      }
    }
  }
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const value = record?.[name];
    values[i] = value === undefined ? defaultValue(fn, name, specs[name]) : checkParam(fn, name, value, specs[name]);
  }
  for (let i = 0; i < names.length; i++) {
    const spec = specs[names[i]];
    if ('atMost' in spec && spec.atMost !== undefined) {
      const bound = names.indexOf(spec.atMost);
      if (values[i] > values[bound]) {
        throw new RangeError(`${fn}: ${names[i]} (${values[i]}) must not be greater than ${spec.atMost} (${values[bound]})`);
      }
    }
  }
}

function defaultValue(fn: string, name: string, spec: ParamSpec): number {
  if ('choices' in spec) return spec.choices.indexOf(spec.default);
  if (spec.required) throw new TypeError(`${fn}: the option '${name}' is required (it has no default)`);
  return spec.default;
}

/**
 * A number parameter must be finite in float32 (or +Infinity where allowed, > 0 where it
 * divides, >= 0 where its spec says so); a choice must be one of its names. Returns the value
 * wasm takes.
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
  if (spec.nonNegative && !(value >= 0)) {
    throw new RangeError(`${fn}: ${name} must be greater than or equal to 0, got ${value}`);
  }
  return value;
}

/** A boolean option (rrelu's training): anything else is a TypeError naming it. */
export function checkBoolean(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${fn}: ${name} must be a boolean, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}
