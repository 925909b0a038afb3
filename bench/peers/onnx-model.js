// One-node ONNX models built in code with onnx-proto's generated protobuf classes, so the ORT
// peer needs no model files: a graph of one operator, float32 tensors throughout.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

/**
 * The IR version a model importing `opset` of the default domain declares: the one ONNX released
 * with that opset (opsets 19-20 came with IR 9, 21-22 with IR 10, 23 with IR 11, 24 with IR 12),
 * and IR 8 for every older opset. onnx-proto's schema is IR 8's, which holds every field a
 * one-node float graph uses.
 */
function irVersionFor(opset) {
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  if (opset <= 22) return 10;
  if (opset === 23) return 11;
  if (opset === 24) return 12;
  throw new Error(`no IR version known for opset ${opset}`);
}

/** A dimension: a number is fixed, a string is symbolic (e.g. 'N', one session serving every N). */
const dimension = (d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d });

const valueInfo = ({ name, shape }) => ({
  name,
  type: { tensorType: { elemType: FLOAT, shape: { dim: shape.map(dimension) } } },
});

/** `{ float: 0.2 }`, `{ int: -1 }` or `{ string: 'tanh' }`: ONNX attributes are typed, JS numbers are not. */
function attribute(name, value) {
  const { AttributeType } = onnx.AttributeProto;
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  if ('string' in value) return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value.string) };
  throw new Error(`attribute '${name}': expected { float }, { int } or { string }`);
}

/**
 * A model of one `opType` node of the default domain at `opset`. `inputs` are the node's inputs
 * in order, `{ name, shape }` for a graph input (dims numbers or symbolic names) or
 * `{ name, shape, data }` for a constant (an initializer, e.g. PRelu's slope; shape [] is a
 * scalar); `outputs` are `{ name, shape }`. Returns the serialized ModelProto.
 */
export function oneNodeModel({ opType, opset, attributes = {}, inputs, outputs }) {
  const graphInputs = inputs.filter((i) => i.data === undefined);
  const initializers = inputs.filter((i) => i.data !== undefined);
  const model = onnx.ModelProto.fromObject({
    irVersion: irVersionFor(opset),
    producerName: 'simd-activations bench',
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: opType,
      node: [
        {
          opType,
          input: inputs.map((i) => i.name),
          output: outputs.map((o) => o.name),
          attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
        },
      ],
      input: graphInputs.map(valueInfo),
      output: outputs.map(valueInfo),
      initializer: initializers.map(({ name, shape, data }) => ({
        name,
        dims: shape,
        dataType: FLOAT,
        floatData: Array.from(data),
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
