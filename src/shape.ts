/** Checks that `shape` is an array of non-negative integers whose product is `length`. */
export function checkShape(fn: string, arg: string, shape: unknown, length: number, lengthOf: string): readonly number[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`${fn}: ${arg} must be an array of non-negative integers, got ${shape === null ? 'null' : typeof shape}`);
  }
  let product = 1;
  for (const dim of shape) {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      throw new TypeError(`${fn}: ${arg} must be an array of non-negative integers, got [${shape.join(', ')}]`);
    }
    product *= dim;
  }
  if (product !== length) {
    throw new RangeError(`${fn}: ${arg} [${shape.join(', ')}] holds ${product} elements but ${lengthOf} has ${length}`);
  }
  return Object.freeze(shape.slice());
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
