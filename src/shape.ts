/**
 * Checks that `shape` is an array of non-negative integers whose product is `length`. It stays
 * the caller's array: copy it before keeping it (as a tensor's shape).
 */
export function checkShape(fn: string, arg: string, shape: unknown, length: number, lengthOf: string): asserts shape is readonly number[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`${fn}: ${arg} must be an array of non-negative integers, got ${shape === null ? 'null' : typeof shape}`);
  }
  let product = 1;
  for (let i = 0; i < shape.length; i++) {
    const dim: unknown = shape[i];
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      throw new TypeError(`${fn}: ${arg} must be an array of non-negative integers, got [${shape.join(', ')}]`);
    }
    product *= dim;
  }
  if (product !== length) {
    throw new RangeError(`${fn}: ${arg} [${shape.join(', ')}] holds ${product} elements but ${lengthOf} has ${length}`);
  }
}

/** The product of `extents` from index `start` up to `end` (exclusive). */
export function product(extents: readonly number[], start = 0, end = extents.length): number {
  let result = 1;
  for (let i = start; i < end; i++) result *= extents[i];
  return result;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** The axis of `shape` that `axis` names (negative counts from the end), checked. */
export function checkAxis(fn: string, axis: unknown, shape: readonly number[]): number {
  const rank = shape.length;
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new RangeError(
      rank === 0
        ? `${fn}: axis ${String(axis)} is out of range: shape [] (a scalar) has no axes`
        : `${fn}: axis must be an integer in [${-rank}, ${rank - 1}] for shape ${formatShape(shape)}, got ${String(axis)}`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}
