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

/** A spec in one shape for every parameter, so that checking a given value reads monomorphic fields. */
interface Rules {
  readonly choices: readonly string[] | undefined;
  readonly allowPositiveInfinity: boolean;
  readonly positive: boolean;
  readonly nonNegative: boolean;
}

function rulesOf(spec: ParamSpec): Rules {
  const number = 'choices' in spec ? undefined : spec;
  return {
    choices: 'choices' in spec ? spec.choices : undefined,
    allowPositiveInfinity: number?.allowPositiveInfinity === true,
    positive: number?.positive === true,
    nonNegative: number?.nonNegative === true,
  };
}

/**
 * A kernel's parameters prepared once, so that `read(options)` costs little per call: it fills
 * `values` (in `names` order, as the wasm export takes them: numbers, a choice as its index) from
 * an options object, defaults where absent, without allocating. The options are the object's
 * enumerable properties, own or inherited; a name that is neither a parameter nor one of
 * `extraKeys` is rejected (a misspelt option is never ignored), and so are an absent required
 * parameter and a pair of parameters out of order (`atMost`).
 */
export class ParamReader {
  readonly names: readonly string[];
  /** The values of the last `read`. */
  readonly values: Float64Array;
  private readonly fn: string;
  private readonly rules: readonly Rules[];
  /** NaN where a parameter is required. */
  private readonly defaults: Float64Array;
  private readonly optionNames: readonly string[];
  /** Flat pairs [i, j, ...]: values[i] must not exceed values[j]. */
  private readonly ordered: readonly number[];
  /** The options' value of each parameter during a `read`. */
  private readonly given: unknown[];

  constructor(fn: string, specs: ParamSpecs, extraKeys: readonly string[]) {
    this.fn = fn;
    this.names = Object.keys(specs);
    const list = this.names.map((name) => specs[name]);
    this.rules = list.map(rulesOf);
    this.defaults = Float64Array.from(list, (spec) =>
      'choices' in spec ? spec.choices.indexOf(spec.default) : spec.required ? NaN : spec.default,
    );
    this.values = this.defaults.slice();
    this.optionNames = [...this.names, ...extraKeys];
    this.ordered = list.flatMap((spec, i) => ('atMost' in spec && spec.atMost !== undefined ? [i, this.names.indexOf(spec.atMost)] : []));
    this.given = this.names.map(() => undefined);
  }

  read(options: unknown): void {
    const { fn, names, given, values, defaults, optionNames } = this;
    const count = names.length;
    for (let i = 0; i < count; i++) given[i] = undefined;
    if (options !== undefined) {
      if (typeof options !== 'object' || options === null) {
        throw new TypeError(`${fn}: options must be an object, got ${options === null ? 'null' : typeof options}`);
      }
      // One pass over the keys both rejects unknown names and picks up the parameters, with the
      // fast keyed load for-in allows; looking each parameter up by name would instead cost a
      // megamorphic lookup, through the prototype chain, for every parameter left out.
      for (const key in options) {
        let index = 0;
        while (index < optionNames.length && optionNames[index] !== key) index++;
        if (index === optionNames.length) {
          throw new TypeError(`${fn}: unknown option '${key}'; ${fn} takes ${optionNames.map((k) => `'${k}'`).join(', ')}`);
        }
        if (index < count) given[index] = (options as Record<string, unknown>)[key];
      }
    }
    for (let i = 0; i < count; i++) {
      const value = given[i];
      if (value !== undefined) values[i] = checkParam(fn, names[i], value, this.rules[i]);
      else if (Number.isNaN(defaults[i])) throw new TypeError(`${fn}: the option '${names[i]}' is required (it has no default)`);
      else values[i] = defaults[i];
    }
    const ordered = this.ordered;
    for (let k = 0; k < ordered.length; k += 2) {
      const i = ordered[k];
      const j = ordered[k + 1];
      if (values[i] > values[j]) {
        throw new RangeError(`${fn}: ${names[i]} (${values[i]}) must not be greater than ${names[j]} (${values[j]})`);
      }
    }
  }
}

/**
 * A number parameter must be finite in float32 (or +Infinity where allowed, > 0 where it
 * divides, >= 0 where its rules say so); a choice must be one of its names. Returns the value
 * wasm takes.
 */
function checkParam(fn: string, name: string, value: unknown, rules: Rules): number {
  const choices = rules.choices;
  if (choices !== undefined) {
    const index = choices.indexOf(value as string);
    if (typeof value !== 'string' || index < 0) {
      throw new TypeError(`${fn}: ${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${typeof value === 'string' ? `'${value}'` : String(value)}`);
    }
    return index;
  }
  if (typeof value !== 'number') {
    throw new TypeError(`${fn}: ${name} must be a number, got ${value === null ? 'null' : typeof value}`);
  }
  if (value === Infinity && rules.allowPositiveInfinity) return value;
  if (!(Math.abs(value) <= FLT_MAX)) {
    throw new RangeError(
      `${fn}: ${name} must be a finite float32 number${rules.allowPositiveInfinity ? ' or +Infinity' : ''}, got ${value}`,
    );
  }
  if (rules.positive && !(Math.fround(value) > 0)) {
    throw new RangeError(`${fn}: ${name} must be greater than 0, got ${value}`);
  }
  if (rules.nonNegative && !(value >= 0)) {
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
